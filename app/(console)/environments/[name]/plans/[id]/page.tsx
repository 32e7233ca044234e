import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isDomainError } from '../../../../domain-error';
import type { PlanRecord } from '@/lib/core/ports';
import { getPageContext } from '@/lib/server/auth/page-context';
import { getPlan } from '@/lib/server/plans/get-plan';
import { getPlanDecisions } from '@/lib/server/approvals/get-plan-decisions';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { planId } from '@/lib/server/plans/plan-input';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { PlanActions } from '@/components/plans/plan-actions';
import { PlanChecksView } from '@/components/plans/plan-checks-view';
import { PlanDecisionsView } from '@/components/plans/plan-decisions-view';
import { PlanObjectDiffs } from '@/components/plans/plan-object-diffs';
import { PlanStatusBadge } from '@/components/plans/plan-status-badge';
import { PlanSummaryView } from '@/components/plans/plan-summary-view';
import { DateTime } from '@/components/ui/date-time';
import { PageHeader } from '@/components/ui/page-header';

type Props = { params: Promise<{ name: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, id } = await params;
  return { title: `Plan ${id.slice(0, 8)} of ${name}` };
}

export default async function PlanPage({ params }: Props) {
  const { name, id } = await params;
  const ctx = await getPageContext(`/environments/${name}/plans/${id}`);
  if (!planId.safeParse(id).success) notFound();
  let record: PlanRecord;
  try {
    record = await getPlan(ctx, id);
  } catch (error) {
    if (isDomainError(error, 'not_found')) notFound();
    throw error;
  }
  if (record.environment !== name) notFound();
  const plan = toPlanDto(record, ctx.deps.now());
  const { approve, reject, deploy, mayDeploy, approvals } = await getPlanDecisions(ctx, id);
  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} here={`Plan ${plan.id.slice(0, 8)}`} />}
        title={`Plan ${plan.id.slice(0, 8)}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PlanStatusBadge status={plan.status} />
            <span>
              revision {plan.revision} on <span className="font-mono text-xs">{plan.cluster} / {plan.namespace}</span>, by {plan.requestedBy.name} <DateTime value={plan.createdAt} />
            </span>
            {plan.approvalsRequired > 0 ? (
              <span>
                approvals {plan.approvals.approved} of {plan.approvalsRequired}
              </span>
            ) : null}
            {plan.closedReason ? <span>({plan.closedReason})</span> : null}
          </span>
        }
        actions={<PlanActions plan={plan} decisions={{ approve, reject, deploy, mayDeploy, approvals }} />}
      />
      <div className="space-y-6">
        <PlanSummaryView plan={plan} />
        <PlanChecksView checks={plan.checks} passed={plan.checksPassed} />
        <PlanDecisionsView decisions={plan.decisions} />
        <PlanObjectDiffs planId={plan.id} />
      </div>
    </>
  );
}
