import type { Role } from '@/lib/core/auth/roles';

/** A user as GET /api/v1/users returns them. */
export type UserView = {
  id: string;
  subject: string;
  email: string;
  emailVerified: boolean | null;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: string;
  lastLoginAt: string | null;
  disabledAt: string | null;
  disabledBy: 'admin' | 'identity-provider' | null;
  disabledReason: string | null;
  liveTokens: number;
  roleRefresh: 'identity-provider' | 'sign-in';
  rolesCheckedAt: string | null;
  rolesConfirmedAt: string | null;
};

export type UserAction = 'disable' | 'enable' | 'revoke-tokens' | 'check-role';
