import { canManageClusters } from '@/lib/core/auth/roles';
import type { DeployTargetRecord } from '@/lib/core/ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import type { ReleaseDeployTargetInput } from './environment-input';

/**
 * An admin frees a namespace an environment left behind, once its objects are gone, so another
 * environment may take it (a protected one's stays protected).
 */
export async function releaseDeployTarget(ctx: UseCaseContext, input: ReleaseDeployTargetInput): Promise<DeployTargetRecord & { environment: string }> {
  const actor = requireActor(ctx);
  enforce(canManageClusters(actor));
  return ctx.deps.environments.releaseDeployTarget(
    input,
    auditEntry(ctx, { action: 'environment.target-released', targetType: 'environment', targetName: '', summary: `released by ${actor.email}` }),
  );
}
