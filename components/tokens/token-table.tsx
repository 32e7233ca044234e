import { Badge } from '../ui/badge';
import { CredentialStateCell, RevokeCell, type CredentialState } from '../ui/credential-cells';
import { DateTime } from '../ui/date-time';
import { ActionsTh, Table, Td, Th } from '../ui/table';
import type { ApiTokenView } from './token-types';

function state(token: ApiTokenView, now: number): CredentialState {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt).getTime() <= now ? 'expired' : 'active';
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
          <ActionsTh />
        </tr>
      </thead>
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <Td className="font-medium">{token.name}</Td>
            <Td className="font-mono text-xs">{token.prefix}…</Td>
            <Td>{token.scope === 'read' ? <Badge tone="info">read-only</Badge> : <Badge tone="neutral">read and write</Badge>}</Td>
            <CredentialStateCell state={state(token, now)} revokedAt={token.revokedAt} />
            <Td className="whitespace-nowrap">
              <DateTime value={token.createdAt} />
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={token.expiresAt} />
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={token.lastUsedAt} fallback="never" />
            </Td>
            <RevokeCell name={token.name} onRevoke={token.revokedAt || !onRevoke ? null : () => onRevoke(token)} />
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
