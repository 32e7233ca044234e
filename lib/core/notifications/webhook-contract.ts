import { z } from 'zod';
import { notificationEventTypes } from './notification-event';
import { webhookUrlProblem } from './webhook-address';

// The webhook API, shared by the server (validation, DTOs, OpenAPI) and the browser (types).
// Client-safe: no server imports.

const timestamp = z.iso.datetime({ offset: true });

export const webhookFormats = ['slack', 'generic'] as const;
export const deliveryStatuses = ['pending', 'retrying', 'delivered', 'failed'] as const;

export const createWebhookBody = z.strictObject({
  /** What it is for, e.g. "#prod-deploys". */
  name: z.string().trim().min(1).max(80),
  url: z
    .string()
    .trim()
    .max(2000)
    .superRefine((url, ctx) => {
      const problem = webhookUrlProblem(url);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  format: z.enum(webhookFormats),
  /** The events it receives; leave out (or empty) for every one. */
  events: z.array(z.enum(notificationEventTypes)).max(notificationEventTypes.length).optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookBody>;

export const webhookSchema = z.object({
  id: z.uuid(),
  environment: z.string(),
  name: z.string(),
  /** The URL's origin and a hint of its path; the whole URL is never sent back (a Slack URL is a credential). */
  urlHint: z.string(),
  format: z.enum(webhookFormats),
  events: z.array(z.enum(notificationEventTypes)),
  createdBy: z.string(),
  createdAt: timestamp,
});
export type WebhookDto = z.infer<typeof webhookSchema>;

/** Only in the answer to POST: the one time the signing secret is shown. */
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string() });
export type CreatedWebhookDto = z.infer<typeof createdWebhookSchema>;

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  event: z.string(),
  status: z.enum(deliveryStatuses),
  attempts: z.int(),
  lastStatusCode: z.int().nullable(),
  /** A short printable excerpt of the last answer, or why there was none. */
  lastResponse: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deliveredAt: timestamp.nullable(),
});
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;
