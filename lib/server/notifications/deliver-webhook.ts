import type { DeliveryStatus, SendResult } from '@/lib/core/notifications/webhook-ports';
import { webhookBody, webhookHeaders } from '@/lib/core/notifications/webhook-request';
import type { Deps } from '../deps';
import { openWebhook } from './webhook-secret';

/** The attempt failed and will be tried again: the job handler throws it so pg-boss retries with backoff. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/**
 * One attempt at one delivery (a webhook-deliveries job): build the body in the webhook's format,
 * sign it with the webhook's secret and the time, post it, and log the outcome. A 2xx delivers.
 * No answer, a 5xx, 408 or 429 is tried again until the attempts run out; another answer (a 3xx
 * the console does not follow, a 4xx that says the request itself is wrong) and a refused address
 * fail at once. Throws RetryLater when it is to be tried again.
 */
export async function deliverWebhook(deps: Deps, deliveryId: string): Promise<DeliveryStatus | 'gone'> {
  const work = await deps.webhooks.loadDelivery(deliveryId);
  if (!work) return 'gone';
  const { delivery, payload, webhook } = work;
  // A job delivered twice (a worker died after posting) posts no second time once the log says so.
  if (delivery.status === 'delivered' || delivery.status === 'failed') return delivery.status;
  const { url, secret } = openWebhook(deps.secrets, webhook.id, webhook.sealed);
  const body = webhookBody(payload, webhook.format, delivery.id);
  const headers = webhookHeaders({ secret, body, deliveryId: delivery.id, event: payload.type, now: deps.now() });
  const result = await deps.webhookSender.send(url, { headers, body, secret });
  const lastAttempt = delivery.attempts + 1 >= deps.notifications.maxAttempts;
  const status: DeliveryStatus = delivered(result) ? 'delivered' : retryable(result) && !lastAttempt ? 'retrying' : 'failed';
  await deps.webhooks.recordAttempt(
    delivery.id,
    {
      status,
      statusCode: result.kind === 'answered' ? result.statusCode : null,
      response: result.kind === 'answered' ? result.excerpt : result.reason,
    },
    deps.now(),
  );
  if (status === 'retrying') throw new RetryLater(`delivery ${delivery.id} attempt ${delivery.attempts + 1} failed`);
  return status;
}

const delivered = (result: SendResult) => result.kind === 'answered' && result.statusCode >= 200 && result.statusCode < 300;

function retryable(result: SendResult): boolean {
  if (result.kind === 'unanswered') return !result.refused;
  return result.statusCode >= 500 || result.statusCode === 408 || result.statusCode === 429;
}
