import { canManageWebhooks } from '@/lib/core/auth/roles';
import { NotFound } from '@/lib/core/errors';
import type { DeliveryRecord, WebhookRecord } from '@/lib/core/notifications/webhook-ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function findWebhooks(ctx: UseCaseContext, environment: string): Promise<WebhookRecord[]> {
  enforce(canManageWebhooks(requireActor(ctx)));
  if (!(await ctx.deps.environments.environmentExists(environment))) throw new NotFound(`no environment named ${environment}`);
  return ctx.deps.webhooks.findWebhooks(environment);
}

/** The webhook's delivery log, newest first (the last 50). */
export async function findWebhookDeliveries(ctx: UseCaseContext, environment: string, webhookId: string): Promise<DeliveryRecord[]> {
  enforce(canManageWebhooks(requireActor(ctx)));
  const webhook = await ctx.deps.webhooks.getWebhook(environment, webhookId);
  return ctx.deps.webhooks.findDeliveries(webhook.id, 50);
}
