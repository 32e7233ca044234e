import type { ReactNode } from 'react';
import { Badge } from './badge';
import { Button } from './button';
import { DateTime } from './date-time';
import { Td } from './table';

// Cells shared by the tables of things that grant access until they expire or are revoked (API
// tokens, status page share links): one look for "active / expired / revoked" and one Revoke button.

export type CredentialState = 'active' | 'expired' | 'revoked';

const stateBadge: Record<CredentialState, ReactNode> = {
  active: <Badge tone="success">active</Badge>,
  expired: <Badge tone="warning">expired</Badge>,
  revoked: <Badge tone="neutral">revoked</Badge>,
};

/** The state badge, with when (and by whom, where known) it was revoked under it. */
export function CredentialStateCell({ state, revokedAt, revokedBy }: { state: CredentialState; revokedAt: string | null; revokedBy?: string | null }) {
  return (
    <Td>
      {stateBadge[state]}
      {revokedAt ? (
        <div className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          <DateTime value={revokedAt} />
          {revokedBy ? ` by ${revokedBy}` : null}
        </div>
      ) : null}
    </Td>
  );
}

/** A Revoke button named after what it revokes, or nothing where revoking is not offered. */
export function RevokeCell({ name, onRevoke }: { name: string; onRevoke: (() => void) | null }) {
  return (
    <Td className="text-right">
      {onRevoke ? (
        <Button variant="secondary" className="px-2.5 py-1" aria-label={`Revoke ${name}`} onClick={onRevoke}>
          Revoke
        </Button>
      ) : null}
    </Td>
  );
}
