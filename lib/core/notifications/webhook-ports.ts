import type { AuditEntry, SealedSecret } from '../ports';
import type { NotificationEvent, NotificationEventType } from './notification-event';
import type { WebhookFormat } from './webhook-request';

export type WebhookRecord = {
  id: string;
  environment: string;
  name: string;
  /** The URL's origin and a hint of its path: the URL itself is sealed (a Slack URL is a credential). */
  urlHint: string;
  format: WebhookFormat;
  /** Empty: every event. */
  events: NotificationEventType[];
  createdBy: string;
  createdAt: Date;
};

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export type DeliveryRecord = {
  id: string;
  webhookId: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastResponse: string | null;
  createdAt: Date;
  updatedAt: Date;
  deliveredAt: Date | null;
};

/** What an attempt needs: the delivery, its event and its webhook with its sealed URL and secret. */
export type DeliveryWork = { delivery: DeliveryRecord; payload: NotificationEvent; webhook: WebhookRecord & { sealed: SealedSecret } };

export type AttemptOutcome = { status: DeliveryStatus; statusCode: number | null; response: string | null };

export interface WebhookStore {
  /** NotFound when the environment does not exist. */
  createWebhook(input: Omit<WebhookRecord, 'createdAt' | 'createdBy' | 'environment'> & { environment: string; createdBy: string; sealed: SealedSecret }, audit: AuditEntry): Promise<WebhookRecord>;
  /** An environment's webhooks; null: every environment's (for events of the console itself). */
  findWebhooks(environment: string | null): Promise<WebhookRecord[]>;
  /** NotFound unless the webhook belongs to the environment. */
  getWebhook(environment: string, id: string): Promise<WebhookRecord>;
  /** Deletes the webhook and its delivery log; NotFound unless it belongs to the environment. */
  deleteWebhook(environment: string, id: string, audit: AuditEntry): Promise<WebhookRecord>;
  /** A pending delivery of `event` to each of these webhooks, with ids given by the caller. */
  createDeliveries(deliveries: { id: string; webhookId: string }[], event: NotificationEvent): Promise<DeliveryRecord[]>;
  /** Newest first. */
  findDeliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]>;
  /** null when the delivery (or its webhook) is gone. */
  loadDelivery(id: string): Promise<DeliveryWork | null>;
  /** Writes one attempt's outcome, counting the attempt. */
  recordAttempt(id: string, outcome: AttemptOutcome, now: Date): Promise<DeliveryRecord>;
}

/** What one POST to a receiver came to: its status code and a sanitized excerpt, or why there was no answer. */
export type SendResult = { kind: 'answered'; statusCode: number; excerpt: string } | { kind: 'unanswered'; reason: string; refused: boolean };

/** Posts a webhook's request, through the address guard, never following redirects. */
export interface WebhookSender {
  send(url: string, request: { headers: Record<string, string>; body: string; secret: string }): Promise<SendResult>;
  /** Why the console will not post to this URL's host as it resolves now (save-time check), or undefined. */
  hostProblem(url: string): Promise<string | undefined>;
}

/** Where delivery jobs go (pg-boss): retried with exponential backoff until they say they are done. */
export interface WebhookDeliveryQueue {
  /** `retries` more tries after the first, the n-th about delaySeconds·2^n later (with jitter), at most maxDelaySeconds. */
  enqueueWebhookDelivery(deliveryId: string, retry: { retries: number; delaySeconds: number; maxDelaySeconds: number }): Promise<void>;
}
