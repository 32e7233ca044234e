import { DateTime } from '../ui/date-time';
import { Table, Td, Th } from '../ui/table';

export type AuditEventView = {
  id: string;
  createdAt: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetName: string;
  summary: string;
  requestId: string;
};

export function AuditTable({ events }: { events: AuditEventView[] }) {
  return (
    <Table caption="Audit events, newest first">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Summary</Th>
          <Th>Request id</Th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <Td className="whitespace-nowrap">
              <DateTime value={event.createdAt} />
            </Td>
            <Td>{event.actorLabel}</Td>
            <Td className="font-mono text-xs whitespace-nowrap">{event.action}</Td>
            <Td>
              <span className="text-xs text-slate-600 dark:text-slate-400">{event.targetType}</span> <span className="font-medium">{event.targetName}</span>
            </Td>
            <Td className="min-w-64">{event.summary}</Td>
            <Td className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{event.requestId}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
