import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { EnvironmentSummary, Page } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function findEnvironments(
  ctx: UseCaseContext,
  query: { limit: number; cursor?: string },
): Promise<Page<EnvironmentSummary>> {
  enforce(canReadEnvironments(requireActor(ctx)));
  return ctx.deps.environments.findEnvironments(query);
}
