import { randomBytes } from 'node:crypto';
import { canShareStatusPages } from '@/lib/core/auth/roles';
import { sha256Hex } from '@/lib/core/hash';
import type { CreateStatusLinkInput } from '@/lib/core/status/status-contract';
import type { StatusLinkRecord } from '@/lib/core/status/status-link';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';

/**
 * A share link to the environment's status page: a random 256-bit token of which only the hash is
 * stored. The token is in this answer and nowhere else.
 */
export async function createStatusLink(ctx: UseCaseContext, environment: string, input: CreateStatusLinkInput): Promise<StatusLinkRecord & { token: string }> {
  const actor = requireActor(ctx);
  enforce(canShareStatusPages(actor));
  const token = `pps_${randomBytes(32).toString('base64url')}`;
  const expiresAt = input.expiresInDays ? new Date(ctx.deps.now().getTime() + input.expiresInDays * 86_400_000) : null;
  const link = await ctx.deps.statusLinks.createLink(
    { environment, tokenHash: sha256Hex(token), label: input.label, createdBy: actor.userId, expiresAt },
    auditEntry(ctx, {
      action: 'status-link.created',
      targetType: 'environment',
      targetName: environment,
      summary: `status page link "${input.label}" ${expiresAt ? `expiring ${expiresAt.toISOString()}` : 'without expiry'}`,
    }),
  );
  return { ...link, token };
}
