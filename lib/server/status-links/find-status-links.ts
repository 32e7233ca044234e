import { canShareStatusPages } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { StatusLinkRecord } from '@/lib/core/status/status-link';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function findStatusLinks(ctx: UseCaseContext, environment: string): Promise<StatusLinkRecord[]> {
  enforce(canShareStatusPages(requireActor(ctx)));
  if (!(await ctx.deps.environments.findHead(environment))) throw new NotFound(`no environment named ${environment}`);
  return ctx.deps.statusLinks.findLinks(environment);
}
