import type { WebhookPrivateAccess } from '@/lib/core/notifications/webhook-address';

/** How webhooks are delivered (lib/env.ts WEBHOOK_*; tests pass their own). */
export type NotificationSettings = {
  allowPrivate: WebhookPrivateAccess;
  /** Tries per delivery, the first included. */
  maxAttempts: number;
  /** The first retry's delay; each next one about doubles (pg-boss backoff, with jitter). */
  retryDelaySeconds: number;
  maxRetryDelaySeconds: number;
  /** One attempt's deadline, connection and answer. */
  timeoutMs: number;
};

export const defaultNotificationSettings: NotificationSettings = { allowPrivate: 'none', maxAttempts: 8, retryDelaySeconds: 15, maxRetryDelaySeconds: 3600, timeoutMs: 10_000 };

export const retryOf = (settings: NotificationSettings) => ({ retries: settings.maxAttempts - 1, delaySeconds: settings.retryDelaySeconds, maxDelaySeconds: settings.maxRetryDelaySeconds });
