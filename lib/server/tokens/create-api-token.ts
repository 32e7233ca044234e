import { randomBytes } from 'node:crypto';
import { isFreshSignIn } from '@/lib/core/auth/token-policy';
import { Forbidden } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import type { ApiTokenRecord } from '@/lib/core/ports';
import { auditEntry, requireActor, type UseCaseContext } from '../context';
import type { CreateApiTokenInput } from './api-token-input';

/**
 * A personal API token acting as its owner, with the owner's role at the time of each call. Only
 * its hash is stored; the secret is shown once, in this answer.
 */
export async function createApiToken(ctx: UseCaseContext, input: CreateApiTokenInput): Promise<ApiTokenRecord & { secret: string }> {
  const actor = requireActor(ctx);
  // A token may not mint tokens: a leaked short-lived token must not outlive its revocation.
  if (actor.via !== 'session') throw new Forbidden('API tokens are created from a signed-in browser session, not with another token');
  // A copied session cookie must not become a credential that outlives the victim's sign-out.
  if (!isFreshSignIn(actor.signedInAt, ctx.deps.now())) {
    throw new Forbidden('creating an API token needs a sign-in within the last 15 minutes: sign in again, then create the token', { reason: 'sign-in-too-old' });
  }
  const secret = `ppc_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(ctx.deps.now().getTime() + input.expiresInDays * 86_400_000);
  const record = await ctx.deps.apiTokens.createToken(
    { userId: actor.userId, name: input.name, prefix: secret.slice(0, 10), tokenHash: sha256Hex(secret), expiresAt, scope: input.scope },
    auditEntry(ctx, {
      action: 'api-token.created',
      targetType: 'api-token',
      targetName: input.name,
      summary: `${input.scope} token ${secret.slice(0, 10)}… for ${actor.email}, expires ${expiresAt.toISOString()}`,
    }),
  );
  return { ...record, secret };
}
