import { randomBytes, randomUUID } from 'node:crypto';
import { canManageWebhooks } from '@/lib/core/auth/roles';
import { InvalidInput } from '@/lib/core/errors';
import type { CreateWebhookInput } from '@/lib/core/notifications/webhook-contract';
import type { WebhookRecord } from '@/lib/core/notifications/webhook-ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';
import { sealWebhook, urlHint } from './webhook-secret';

/**
 * An outgoing webhook of the environment (admin). Its URL must not lead to a refused address, as
 * written or as its host resolves now (every delivery checks again at connect time). The signing
 * secret is made here and is in this answer only; it and the URL are sealed at rest.
 */
export async function createWebhook(ctx: UseCaseContext, environment: string, input: CreateWebhookInput): Promise<WebhookRecord & { secret: string }> {
  const actor = requireActor(ctx);
  enforce(canManageWebhooks(actor));
  const problem = await ctx.deps.webhookSender.hostProblem(input.url);
  if (problem) {
    throw new InvalidInput(`the console does not post webhooks there: ${problem} (WEBHOOK_ALLOW_PRIVATE is ${ctx.deps.notifications.allowPrivate})`, [
      { path: 'url', message: `${problem}; the console refuses loopback, link-local and private addresses unless WEBHOOK_ALLOW_PRIVATE allows them` },
    ]);
  }
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const events = [...new Set(input.events ?? [])];
  const webhook = await ctx.deps.webhooks.createWebhook(
    { id, environment, name: input.name, urlHint: urlHint(input.url), format: input.format, events, createdBy: actor.userId, sealed: sealWebhook(ctx.deps.secrets, id, { url: input.url, secret }) },
    auditEntry(ctx, {
      action: 'webhook.created',
      targetType: 'environment',
      targetName: environment,
      summary: `webhook "${input.name}" (${input.format}) to ${new URL(input.url).origin} for ${events.length ? events.join(', ') : 'every event'}`,
    }),
  );
  return { ...webhook, secret };
}
