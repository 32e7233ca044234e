import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { WorkerPresence } from '@/lib/core/deploy/run-contract';
import { enforce, requireActor, type UseCaseContext } from '../context';

/**
 * Whether any deploy worker is alive, for a queued run's page: workers say so every half lease
 * (deploy_workers), so one not seen for a whole lease is gone. Without one, a queued run waits for
 * ever; its page says since when nobody was seen, and it may be cancelled.
 */
export async function findWorkerPresence(ctx: UseCaseContext): Promise<WorkerPresence> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const lastSeen = await ctx.deps.runs.lastWorkerSeen();
  const alive = lastSeen !== null && ctx.deps.now().getTime() - lastSeen.getTime() <= ctx.deps.deploy.leaseSeconds * 1000;
  return { lastSeenAt: lastSeen?.toISOString() ?? null, alive };
}
