import Link from 'next/link';
import type { RunDto } from '@/lib/core/deploy/run-contract';
import { DateTime } from '@/components/ui/date-time';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th } from '@/components/ui/table';
import { formatElapsed } from './format-elapsed';
import { RunStatusBadge } from './run-status-badge';

/** Every run of an environment, newest first: result, revision, who asked and approved, per-object counts, timing. */
export function RunHistory({ environment, runs }: { environment: string; runs: RunDto[] }) {
  if (runs.length === 0) return <EmptyState title="No deploys yet">Runs appear here once a plan is deployed.</EmptyState>;
  return (
    <Table caption={`Deploy runs of ${environment}`}>
      <thead>
        <tr>
          <Th>Run</Th>
          <Th>Result</Th>
          <Th>Revision</Th>
          <Th>Requested by</Th>
          <Th>Approved by</Th>
          <Th>Objects</Th>
          <Th>Started</Th>
          <Th>Took</Th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-testid="run-row">
            <Td>
              <Link className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-400" href={`/environments/${environment}/runs/${run.id}`}>
                {run.kind} {run.id.slice(0, 8)}
              </Link>
            </Td>
            <Td>
              <RunStatusBadge status={run.status} />
              {run.error ? <span className="mt-1 block max-w-sm text-xs text-red-700 dark:text-red-400">{run.error}</span> : null}
            </Td>
            <Td>{run.revision}</Td>
            <Td>{run.requestedBy.email}</Td>
            <Td>{run.approvers.map((approver) => approver.email).join(', ') || '—'}</Td>
            <Td className="text-xs">
              {Object.entries(run.counts)
                .map(([status, count]) => `${count} ${status}`)
                .join(', ') || '—'}
            </Td>
            <Td>
              <DateTime value={run.startedAt ?? run.createdAt} />
            </Td>
            <Td>{run.startedAt && run.finishedAt ? formatElapsed(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '—'}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
