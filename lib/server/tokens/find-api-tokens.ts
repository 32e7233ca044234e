import type { ApiTokenRecord } from '@/lib/core/ports';
import { requireActor, type UseCaseContext } from '../context';

/** The caller's own tokens; nobody lists another person's. */
export async function findApiTokens(ctx: UseCaseContext): Promise<ApiTokenRecord[]> {
  return ctx.deps.apiTokens.findTokens(requireActor(ctx).userId);
}
