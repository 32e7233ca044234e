import { z } from 'zod';
import type { SealedSecret, SecretBox } from '@/lib/core/ports';

// What a webhook keeps sealed: its URL (a Slack URL is itself a credential) and its signing secret,
// bound to the webhook's id, so a ciphertext moved to another webhook does not open.

const binding = (webhookId: string) => `webhook:${webhookId}`;
const sealedShape = z.object({ url: z.string(), secret: z.string() });
export type WebhookCredentials = z.infer<typeof sealedShape>;

export function sealWebhook(secrets: SecretBox, webhookId: string, credentials: WebhookCredentials): SealedSecret {
  return secrets.seal(JSON.stringify(credentials), binding(webhookId));
}

export function openWebhook(secrets: SecretBox, webhookId: string, sealed: SealedSecret): WebhookCredentials {
  return sealedShape.parse(JSON.parse(secrets.open(sealed, binding(webhookId))));
}

/** What lists show of a URL: its origin, and that there is a path, never the path (Slack's token is in it). */
export function urlHint(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
}
