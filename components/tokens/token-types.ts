/** An API token as GET /api/v1/tokens returns it (never the secret): the API's own contract. */
export type { ApiTokenDto as ApiTokenView } from '@/lib/core/contract/responses';
