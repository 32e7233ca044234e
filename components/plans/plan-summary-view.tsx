import type { ActionCounts, PlanDto } from '@/lib/core/deploy/plan-contract';
import { CardSection } from '../ui/card';
import { Table, Td, Th } from '../ui/table';

const actions = ['create', 'update', 'delete', 'unchanged'] as const;

/** Counts by action, then by component and by kind (changed ones only), and what was kept from deletion. */
export function PlanSummaryView({ plan }: { plan: PlanDto }) {
  const { summary } = plan;
  return (
    <CardSection title="Summary" description={plan.noChanges ? 'No changes: the cluster already holds this revision.' : `${summary.changes} of ${summary.total} objects change.`}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {actions.map((action) => (
          <div key={action} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
            <dt className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{action}</dt>
            <dd className="text-2xl font-semibold" data-testid={`count-${action}`}>
              {summary.byAction[action]}
            </dd>
          </div>
        ))}
      </dl>
      {summary.changes > 0 ? (
        <div className="mt-4 grid gap-4 lg:grid-cols-2">
          <CountsTable caption="Changes by component" first="Component" rows={summary.byComponent} />
          <CountsTable caption="Changes by kind" first="Kind" rows={summary.byKind} />
        </div>
      ) : null}
      {summary.kept.length > 0 ? (
        <div className="mt-4">
          <h3 className="text-sm font-semibold">Kept, not deleted</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {summary.kept.map((kept) => (
              <li key={kept.object}>
                <span className="font-mono text-xs">{kept.object}</span>: {kept.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </CardSection>
  );
}

function CountsTable({ caption, first, rows }: { caption: string; first: string; rows: Record<string, ActionCounts> }) {
  const changed = Object.entries(rows).filter(([, counts]) => counts.create + counts.update + counts.delete > 0);
  return (
    <Table caption={caption} captionHidden={false}>
      <thead>
        <tr>
          <Th>{first}</Th>
          <Th>Create</Th>
          <Th>Update</Th>
          <Th>Delete</Th>
        </tr>
      </thead>
      <tbody>
        {changed.map(([name, counts]) => (
          <tr key={name}>
            <Td className="font-mono text-xs">{name}</Td>
            <Td>{counts.create}</Td>
            <Td>{counts.update}</Td>
            <Td>{counts.delete}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
