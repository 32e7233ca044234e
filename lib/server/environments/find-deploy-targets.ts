import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { DeployTargetRecord } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from './get-environment';

/** The namespaces an environment holds: those its head renders, and those it left behind. */
export async function findDeployTargets(ctx: UseCaseContext, name: string): Promise<DeployTargetRecord[]> {
  enforce(canReadEnvironments(requireActor(ctx)));
  await getEnvironment(ctx, name); // NotFound for an environment that does not exist
  return ctx.deps.environments.findDeployTargets(name);
}
