import type { StatusLinkDto } from '@/lib/core/status/status-contract';
import { CredentialStateCell, RevokeCell } from '../ui/credential-cells';
import { DateTime } from '../ui/date-time';
import { ActionsTh, Table, Td, Th } from '../ui/table';

export function StatusLinkTable({ links, onRevoke }: { links: StatusLinkDto[]; onRevoke: (link: StatusLinkDto) => void }) {
  return (
    <Table caption="Status page share links">
      <thead>
        <tr>
          <Th>For</Th>
          <Th>Status</Th>
          <Th>Created</Th>
          <Th>Expires</Th>
          <Th>Last used</Th>
          <ActionsTh />
        </tr>
      </thead>
      <tbody>
        {links.map((link) => (
          <tr key={link.id}>
            <Td className="font-medium">{link.label}</Td>
            <CredentialStateCell state={link.state} revokedAt={link.revokedAt} revokedBy={link.revokedBy} />
            <Td className="whitespace-nowrap">
              <DateTime value={link.createdAt} />
              <div className="text-xs text-slate-600 dark:text-slate-400">by {link.createdBy}</div>
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={link.expiresAt} fallback="never" />
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={link.lastUsedAt} fallback="never" />
            </Td>
            <RevokeCell name={link.label} onRevoke={link.state === 'revoked' ? null : () => onRevoke(link)} />
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
