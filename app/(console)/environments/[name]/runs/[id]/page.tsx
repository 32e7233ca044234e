import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { runId } from '@/lib/core/deploy/run-contract';
import { canCancelRun } from '@/lib/core/deploy/run-policy';
import { getRun } from '@/lib/server/runs/get-run';
import { toRunDto } from '@/lib/server/runs/run-dto';
import { findWorkerPresence } from '@/lib/server/runs/worker-presence';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { CancelRunButton } from '@/components/runs/cancel-run-button';
import { RunProgressView } from '@/components/runs/run-progress-view';
import { RunSummary } from '@/components/runs/run-summary';
import { PageHeader } from '@/components/ui/page-header';
import { isDomainError } from '../../../../domain-error';
import { loadEnvironment } from '../../load-environment';

type Props = { params: Promise<{ name: string; id: string }> };

export const metadata: Metadata = { title: 'Deploy run' };

export default async function RunPage({ params }: Props) {
  const { name, id } = await params;
  const { ctx } = await loadEnvironment(name, `/environments/${name}/runs/${id}`);
  if (!runId.safeParse(id).success) notFound();
  let run;
  try {
    run = await getRun(ctx, id);
  } catch (error) {
    if (isDomainError(error, 'not_found')) notFound();
    throw error;
  }
  if (run.environment !== name) notFound();
  const dto = toRunDto(run, run.status === 'queued' ? await findWorkerPresence(ctx) : undefined);
  return (
    <>
      <PageHeader eyebrow={<EnvironmentCrumbs name={name} here={`Run ${id.slice(0, 8)}`} />} title={`${dto.kind === 'rollback' ? 'Rollback' : 'Deploy'} of revision ${dto.revision}`} description={<RunSummary run={dto} />} />
      {dto.status === 'queued' && canCancelRun(ctx.actor!, run).allowed ? <CancelRunButton runId={dto.id} /> : null}
      <RunProgressView run={dto} />
    </>
  );
}
