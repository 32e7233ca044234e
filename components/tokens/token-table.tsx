import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';
import type { ApiTokenView } from './token-types';

function status(token: ApiTokenView, now: number) {
  if (token.revokedAt) return <Badge tone="neutral">revoked</Badge>;
  if (new Date(token.expiresAt).getTime() <= now) return <Badge tone="warning">expired</Badge>;
  return <Badge tone="success">active</Badge>;
}

export function TokenTable({
  tokens,
  now,
  onRevoke,
  caption = 'Your API tokens',
}: {
  tokens: ApiTokenView[];
  now: number;
  onRevoke?: (token: ApiTokenView) => void;
  caption?: string;
}) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Token</Th>
          <Th>Access</Th>
          <Th>Status</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <Td className="font-medium">{token.name}</Td>
            <Td className="font-mono text-xs">{token.prefix}…</Td>
            <Td>{token.scope === 'read' ? <Badge tone="info">read-only</Badge> : <Badge tone="neutral">read and write</Badge>}</Td>
            <Td>
              {status(token, now)}
              {token.revokedAt ? (
                <div className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  <DateTime value={token.revokedAt} />
                </div>
              ) : null}
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={token.createdAt} />
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={token.expiresAt} />
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={token.lastUsedAt} fallback="never" />
            </Td>
            <Td className="text-right">
              {token.revokedAt || !onRevoke ? null : (
                <Button variant="secondary" className="px-2.5 py-1" aria-label={`Revoke ${token.name}`} onClick={() => onRevoke(token)}>
                  Revoke
                </Button>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
