import { lookup } from 'node:dns/promises';
import { Agent, fetch, type Response } from 'undici';
import { webhookAddressProblem, webhookHost, type WebhookPrivateAccess } from '@/lib/core/notifications/webhook-address';
import type { SendResult, WebhookSender } from '@/lib/core/notifications/webhook-ports';
import { responseExcerpt } from '@/lib/core/notifications/webhook-request';
import { reachFailure, RefusedAddress, refusingLookup } from '@/lib/adapters/observability/observability-fetch';

// Posts webhook requests. Every connection resolves the host through a lookup that refuses the
// addresses the policy refuses, and connects to the very address it checked (DNS rebinding gains
// nothing); IP literals are checked before any connection. Redirects are not followed: a 3xx is an
// answer like any other non-2xx (a failed attempt), so a receiver cannot bounce the console inward.

/** The most of an answer read: the log keeps an excerpt, the rest is not the console's business. */
const maxReadBytes = 4096;
const lookupTimeoutMs = 3000;

export class HttpWebhookSender implements WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly options: { allow: WebhookPrivateAccess; timeoutMs: number }) {
    this.agent = new Agent({ connect: { lookup: refusingLookup((address) => webhookAddressProblem(address, options.allow)) } });
  }

  async hostProblem(url: string): Promise<string | undefined> {
    const host = webhookHost(new URL(url));
    const literal = webhookAddressProblem(host, this.options.allow);
    if (literal) return `${host} is in ${literal}`;
    let addresses: { address: string }[];
    try {
      // A resolver that does not answer must not hold the admin's request: the connect-time check stays.
      addresses = await Promise.race([lookup(host, { all: true }), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('lookup timed out')), lookupTimeoutMs).unref())]);
    } catch {
      // A name that does not resolve today may tomorrow; every connection checks it again.
      return undefined;
    }
    const problem = addresses.map((a) => webhookAddressProblem(a.address, this.options.allow)).find((p) => p !== undefined);
    return problem && `${host} resolves to an address in ${problem}`;
  }

  async send(url: string, request: { headers: Record<string, string>; body: string; secret: string }): Promise<SendResult> {
    const host = webhookHost(new URL(url));
    const literal = webhookAddressProblem(host, this.options.allow);
    if (literal) return { kind: 'unanswered', reason: `the console does not connect there: ${host} is in ${literal}`, refused: true };
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal, dispatcher: this.agent });
      return { kind: 'answered', statusCode: response.status, excerpt: responseExcerpt(await readStart(response), request.secret) };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return { kind: 'unanswered', reason: reachFailure(error, signal), refused: cause instanceof RefusedAddress };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let chunk = await reader.read(); !chunk.done && size < maxReadBytes; chunk = await reader.read()) {
      chunks.push(chunk.value);
      size += chunk.value.byteLength;
    }
  } catch {
    // A body cut off midway still has its start.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxReadBytes).toString('utf8');
}
