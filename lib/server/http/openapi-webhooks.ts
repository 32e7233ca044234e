import { z } from 'zod';
import { createdWebhookSchema, createWebhookBody, webhookDeliverySchema, webhookSchema } from '@/lib/core/notifications/webhook-contract';

// The webhook part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const jsonOf = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const listOf = (name: string) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(name) } } });
const schemaOf = (value: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(value, { io, unrepresentable: 'any', target: 'openapi-3.0' });

const signing =
  'Every request carries X-PersonaPass-Timestamp (Unix seconds), X-PersonaPass-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>, X-PersonaPass-Event and X-PersonaPass-Delivery (the same on retries). Receivers recompute the signature and refuse timestamps older than 5 minutes (replays).';

export const webhookPaths = {
  '/environments/{name}/webhooks': {
    get: {
      summary: "The environment's outgoing webhooks, newest first, without their secrets (admin)",
      parameters: [nameParam],
      responses: { 200: jsonOf('Webhooks', listOf('Webhook')), ...errorRefs(401, 403, 404) },
    },
    post: {
      summary: `Create an outgoing webhook (admin): Slack-compatible ({text, blocks}) or generic JSON, for the listed events or all. The URL must be http(s) and must not lead to a loopback, link-local or private address unless WEBHOOK_ALLOW_PRIVATE allows it (checked now and at every connection). The signing secret is in this answer only; the URL is stored sealed and answered as urlHint (origin only) from then on. ${signing}`,
      parameters: [nameParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateWebhook') } } },
      responses: { 201: jsonOf('The webhook with its secret', ref('CreatedWebhook')), ...errorRefs(400, 401, 403, 404, 413, 415) },
    },
  },
  '/environments/{name}/webhooks/{id}': {
    delete: {
      summary: 'Delete a webhook and its delivery log (admin); queued deliveries are dropped',
      parameters: [nameParam, idParam],
      responses: { 200: jsonOf('The deleted webhook', ref('Webhook')), ...errorRefs(400, 401, 403, 404) },
    },
  },
  '/environments/{name}/webhooks/{id}/deliveries': {
    get: {
      summary: "The webhook's delivery log, newest first (the last 50): status, attempts, the last answer's code and a short sanitized excerpt (admin)",
      parameters: [nameParam, idParam],
      responses: { 200: jsonOf('Deliveries', listOf('WebhookDelivery')), ...errorRefs(400, 401, 403, 404) },
    },
  },
  '/environments/{name}/webhooks/{id}/test': {
    post: {
      summary: 'Queue a test event (webhook.test) to this webhook (admin); it is delivered, retried and logged like any event',
      parameters: [nameParam, idParam],
      responses: { 202: jsonOf('The queued delivery', ref('WebhookDelivery')), ...errorRefs(400, 401, 403, 404) },
    },
  },
};

export const webhookSchemas = {
  CreateWebhook: schemaOf(createWebhookBody, 'input'),
  Webhook: schemaOf(webhookSchema, 'output'),
  CreatedWebhook: schemaOf(createdWebhookSchema, 'output'),
  WebhookDelivery: schemaOf(webhookDeliverySchema, 'output'),
};
