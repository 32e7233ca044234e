import { canReadEnvironments } from '@/lib/core/auth/roles';
import type { RunRecord } from '@/lib/core/deploy/deploy-ports';
import { NotFound } from '@/lib/core/errors';
import type { Page } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

/** An environment's deploy runs, newest first: every run is kept. */
export async function findRuns(ctx: UseCaseContext, environment: string, query: { limit: number; cursor?: string }): Promise<Page<RunRecord>> {
  enforce(canReadEnvironments(requireActor(ctx)));
  if (!(await ctx.deps.environments.environmentExists(environment))) throw new NotFound(`no environment named ${environment}`);
  return ctx.deps.runs.findRuns(environment, query);
}
