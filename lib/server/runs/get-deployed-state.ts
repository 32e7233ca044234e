import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { DeployedState } from '@/lib/core/deploy/deploy-ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** What runs in an environment now: its last successful run (revision, images, when, by whom), or null. */
export async function getDeployedState(ctx: UseCaseContext, environment: string): Promise<DeployedState> {
  enforce(canReadEnvironments(requireActor(ctx)));
  return ctx.deps.runs.findDeployedState(environment);
}
