import type { StatusLinkDto } from '@/lib/core/status/status-contract';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';

const stateBadge = { active: <Badge tone="success">active</Badge>, expired: <Badge tone="warning">expired</Badge>, revoked: <Badge tone="neutral">revoked</Badge> };

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
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {links.map((link) => (
          <tr key={link.id}>
            <Td className="font-medium">{link.label}</Td>
            <Td>
              {stateBadge[link.state]}
              {link.revokedAt ? (
                <div className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  <DateTime value={link.revokedAt} /> by {link.revokedBy}
                </div>
              ) : null}
            </Td>
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
            <Td className="text-right">
              {link.state === 'revoked' ? null : (
                <Button variant="secondary" className="px-2.5 py-1" aria-label={`Revoke ${link.label}`} onClick={() => onRevoke(link)}>
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
