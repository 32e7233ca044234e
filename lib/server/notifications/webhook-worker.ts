import type { Deps } from '../deps';
import { logger } from '../logger';
import { deliverWebhook, RetryLater } from './deliver-webhook';

export type WebhookDeliveryJobs = { workWebhookDeliveries(handler: (deliveryId: string) => Promise<void>, concurrency: number): Promise<void> };

/** Executes webhook-delivery jobs in this process (the worker; tests start their own). */
export async function startWebhookWorker(deps: Deps, jobs: WebhookDeliveryJobs, concurrency = 4): Promise<void> {
  await jobs.workWebhookDeliveries(async (deliveryId) => {
    try {
      const status = await deliverWebhook(deps, deliveryId);
      logger.info('webhook delivery', { deliveryId, status });
    } catch (error) {
      if (!(error instanceof RetryLater)) logger.warn('webhook delivery attempt failed unexpectedly', { deliveryId, error: (error as Error).message });
      // Thrown on: pg-boss retries the job with backoff.
      throw error;
    }
  }, concurrency);
}
