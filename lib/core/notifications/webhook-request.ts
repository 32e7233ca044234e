import { createHmac, timingSafeEqual } from 'node:crypto';
import { eventHeadline, type NotificationEvent } from './notification-event';

// The request a webhook delivery makes: its body in the webhook's format and the headers that let a
// receiver check it came from this console, unaltered and recently.
//
// X-PersonaPass-Timestamp: the Unix time (seconds) of the attempt.
// X-PersonaPass-Signature: sha256=<hex HMAC-SHA256, keyed with the webhook's secret, of
//   "<timestamp>.<body>">. Signing the timestamp with the body stops replays: a receiver refuses a
//   timestamp older than a few minutes (verifyWebhookSignature: 5), and a captured request cannot be
//   re-dated without the secret.
// X-PersonaPass-Delivery: the delivery's id, the same on every retry (receivers deduplicate on it).

export type WebhookFormat = 'slack' | 'generic';

export const signatureHeader = 'x-personapass-signature';
export const timestampHeader = 'x-personapass-timestamp';
export const deliveryHeader = 'x-personapass-delivery';
export const eventHeader = 'x-personapass-event';

export function webhookBody(event: NotificationEvent, format: WebhookFormat, deliveryId: string): string {
  if (format === 'generic') return JSON.stringify({ deliveryId, ...event });
  const headline = eventHeadline(event);
  // Slack's incoming webhooks take {text, blocks}; text is the fallback for notifications.
  return JSON.stringify({
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slackEscaped(headline)}*` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscaped(`${event.environment ?? 'console'} · ${event.type} · ${event.occurredAt}`) }] },
    ],
  });
}

/** Slack reads <...> as links and mentions: what an event quotes (a comment, an error) must not be. */
function slackEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookHeaders(input: { secret: string; body: string; deliveryId: string; event: string; now: Date }): Record<string, string> {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'PersonaPass-Console-Webhooks/1',
    [eventHeader]: input.event,
    [deliveryHeader]: input.deliveryId,
    [timestampHeader]: String(timestamp),
    [signatureHeader]: webhookSignature(input.secret, timestamp, input.body),
  };
}

/**
 * What a receiver does (and the tests do): true when the signature matches the body and the
 * timestamp is within `toleranceSeconds` of now.
 */
export function verifyWebhookSignature(input: { secret: string; body: string; timestamp: string | null; signature: string | null; now: Date; toleranceSeconds?: number }): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(webhookSignature(input.secret, timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * The first characters of an answer's body for the delivery log: printable text only, whitespace
 * collapsed, the webhook's secret blanked should a receiver echo it. Never the whole answer: a
 * receiver's page is not the console's to keep.
 */
export function responseExcerpt(body: string, secret: string, maxChars = 200): string {
  const printable = body.replaceAll(secret, '[secret]').replace(/[^\x20-\x7E\u00A0-\uFFFF]+/g, ' ').replace(/\s+/g, ' ').trim();
  return printable.length > maxChars ? `${printable.slice(0, maxChars)}…` : printable;
}
