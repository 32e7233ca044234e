import type { ClusterGateway, RolloutStatus } from '@/lib/core/deploy/cluster-gateway';
import type { RunWork } from '@/lib/core/deploy/deploy-ports';
import { type Autoscaler, autoscalerOf } from '@/lib/core/deploy/replica-handover';
import { rolloutVerdict } from '@/lib/core/deploy/rollout-verdict';
import { errorCode } from '@/lib/core/errors';
import { refOf, RunFailure } from './apply-run-object';

// Polls the rollouts of a run's Deployments (or of those `only` names: the routed ones, before the
// run routes traffic to them) until all are complete, one is stalled or paused, or the
// environment's rollout timeout passes. An autoscaled Deployment must reach its autoscaler's floor.
// The API server answering "unavailable" now and then (a restart, throttling, a dropped connection)
// does not fail the run: it is asked again until the timeout, which then names the last error.

type Event = (type: string, payload?: Record<string, unknown>) => Promise<void>;

export async function waitForRollouts(
  gateway: ClusterGateway,
  work: RunWork,
  autoscaled: ReadonlyMap<string, Autoscaler>,
  options: { timeoutSeconds: number; pollMs: number; event: Event; checkpoint: () => void; only?: readonly string[]; step?: string },
): Promise<void> {
  const workloads = work.objects
    .filter((object) => object.kind === 'Deployment' && object.action !== 'delete' && (!options.only || options.only.includes(object.objectId)))
    .map((object) => ({ object, minReplicas: object.desired ? autoscalerOf(object.desired, autoscaled)?.floor : undefined }));
  await options.event('step', {
    step: options.step ?? 'rollout',
    workloads: workloads.map(({ object }) => object.name),
    timeoutSeconds: options.timeoutSeconds,
    ...(workloads.some((w) => w.minReplicas !== undefined) ? { autoscalerFloors: Object.fromEntries(workloads.filter((w) => w.minReplicas !== undefined).map((w) => [w.object.name, w.minReplicas])) } : {}),
  });
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const last = new Map<string, string>();
  let transient: string | undefined;
  for (;;) {
    options.checkpoint();
    const statuses = new Map<string, RolloutStatus>();
    try {
      for (const { object, minReplicas } of workloads) {
        const status = await gateway.rolloutStatus(refOf(object), { minReplicas });
        statuses.set(object.name, status);
        const summary = JSON.stringify([status.complete, status.wanted, status.updated, status.ready, status.available, status.problems.length, status.paused]);
        if (last.get(object.name) !== summary) {
          last.set(object.name, summary);
          await options.event('rollout.progress', { workload: object.name, ...status });
        }
      }
      transient = undefined;
    } catch (error) {
      if (errorCode(error) !== 'unavailable') throw error;
      const message = (error as Error).message;
      if (transient !== message) await options.event('rollout.retrying', { message });
      transient = message;
      if (Date.now() >= deadline) throw new RunFailure(`rollout not verified before the timeout (${options.timeoutSeconds} s): the cluster kept answering ${message}`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
      continue;
    }
    const verdict = rolloutVerdict(statuses, Date.now() >= deadline);
    if (verdict.state === 'healthy') return;
    if (verdict.state === 'failed') throw new RunFailure(verdict.message);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}
