import type { PlanDto } from '@/lib/core/deploy/plan-contract';
import { Badge } from '../ui/badge';
import { CardSection } from '../ui/card';
import { DateTime } from '../ui/date-time';

/**
 * Who approved or rejected the plan, and whether each approval still counts: one whose approver
 * was disabled or lost the approver role since, or that expired, is shown with why it no longer does.
 */
export function PlanDecisionsView({ decisions }: { decisions: PlanDto['decisions'] }) {
  if (decisions.length === 0) return null;
  return (
    <CardSection title="Approvals and rejections">
      <ul className="space-y-2 text-sm" data-testid="plan-decisions">
        {decisions.map((decision) => (
          <li key={`${decision.approver.email}-${decision.createdAt}`} className="flex flex-wrap items-baseline gap-2">
            <Badge tone={decision.decision === 'rejected' ? 'danger' : decision.counts ? 'success' : 'neutral'}>{decision.decision}</Badge>
            <span>
              {decision.approver.name} <span className="text-slate-500">({decision.approver.email})</span>
            </span>
            <DateTime value={decision.createdAt} />
            {decision.notCountingReason ? <span className="text-amber-800 dark:text-amber-300">no longer counts: {decision.notCountingReason}</span> : null}
            {decision.comment ? <span className="basis-full text-slate-600 dark:text-slate-400">“{decision.comment}”</span> : null}
          </li>
        ))}
      </ul>
    </CardSection>
  );
}
