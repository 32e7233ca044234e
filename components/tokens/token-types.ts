/** An API token as GET /api/v1/tokens returns it (never the secret). */
export type ApiTokenView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  scope: 'read' | 'read-write';
};
