import type { ApiTokenRecord } from '@/lib/core/ports';
import { auditEntry, requireActor, type UseCaseContext } from '../context';

export async function revokeApiToken(ctx: UseCaseContext, id: string): Promise<ApiTokenRecord> {
  const actor = requireActor(ctx);
  return ctx.deps.apiTokens.revokeToken(
    { userId: actor.userId, id },
    auditEntry(ctx, { action: 'api-token.revoked', targetType: 'api-token', targetName: id, summary: `revoked by ${actor.email}` }),
  );
}
