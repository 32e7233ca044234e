/** A user as GET /api/v1/users returns them: the API's own contract. */
export type { UserDto as UserView } from '@/lib/core/contract/responses';

export type UserAction = 'disable' | 'enable' | 'revoke-tokens' | 'check-role';
