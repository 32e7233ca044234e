import type { AuditEntry } from '../ports';

// Share links to an environment's status page. The link carries a random 256-bit token; the
// database holds only its SHA-256, so a copy of the database opens no status page.

export type StatusLinkRecord = {
  id: string;
  environment: string;
  label: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
};

export interface StatusLinkStore {
  /** NotFound when the environment does not exist. */
  createLink(input: { environment: string; tokenHash: string; label: string; createdBy: string; expiresAt: Date | null }, audit: AuditEntry): Promise<StatusLinkRecord>;
  findLinks(environment: string): Promise<StatusLinkRecord[]>;
  /** NotFound unless the link belongs to the environment; revoking twice changes nothing. */
  revokeLink(input: { environment: string; id: string; revokedBy: string }, audit: AuditEntry): Promise<StatusLinkRecord>;
  /**
   * Whether a live (not revoked, not expired) link with this token hash opens this environment's
   * page; records its use at most once a minute.
   */
  acceptToken(environment: string, tokenHash: string, now: Date): Promise<boolean>;
}

/** pps_ and the base64url of 32 random bytes: anything else is refused without a database read. */
export const statusLinkTokenPattern = /^pps_[A-Za-z0-9_-]{43}$/;

export type StatusLinkState = 'active' | 'expired' | 'revoked';

export function statusLinkState(link: Pick<StatusLinkRecord, 'expiresAt' | 'revokedAt'>, now: Date): StatusLinkState {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && link.expiresAt <= now) return 'expired';
  return 'active';
}

/** The page a link opens (relative to the console's public URL). */
export function statusLinkPath(environment: string, token: string): string {
  return `/status/${encodeURIComponent(environment)}?token=${encodeURIComponent(token)}`;
}
