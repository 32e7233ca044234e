import { canManageWebhooks } from '@/lib/core/auth/roles';
import type { WebhookRecord } from '@/lib/core/notifications/webhook-ports';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';

/** Deletes a webhook with its delivery log; deliveries still queued find nothing and end. */
export async function deleteWebhook(ctx: UseCaseContext, environment: string, id: string): Promise<WebhookRecord> {
  const actor = requireActor(ctx);
  enforce(canManageWebhooks(actor));
  return ctx.deps.webhooks.deleteWebhook(
    environment,
    id,
    auditEntry(ctx, { action: 'webhook.deleted', targetType: 'environment', targetName: environment, summary: `webhook ${id} deleted by ${actor.email}` }),
  );
}
