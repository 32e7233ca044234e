import Link from 'next/link';
import type { PlanDto } from '@/lib/core/deploy/plan-contract';
import { CardSection } from '../ui/card';
import { DateTime } from '../ui/date-time';
import { PlanStatusBadge } from './plan-status-badge';

/** The environment's latest plans, newest first, each linking to its page. */
export function RecentPlans({ environment, plans }: { environment: string; plans: PlanDto[] }) {
  if (plans.length === 0) return null;
  return (
    <CardSection title="Recent plans">
      <ul className="space-y-2 text-sm">
        {plans.map((plan) => (
          <li key={plan.id} className="flex flex-wrap items-center gap-2">
            <Link href={`/environments/${environment}/plans/${plan.id}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
              {plan.id.slice(0, 8)}
            </Link>
            <PlanStatusBadge status={plan.status} />
            <span>
              revision {plan.revision}: {plan.noChanges ? 'no changes' : `${plan.summary.changes} change${plan.summary.changes === 1 ? '' : 's'}`}
              {plan.checksPassed ? '' : ', checks failed'}
            </span>
            <span className="text-xs text-slate-500">
              by {plan.requestedBy.name} <DateTime value={plan.createdAt} />
            </span>
          </li>
        ))}
      </ul>
    </CardSection>
  );
}
