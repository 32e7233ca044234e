import { describe, expect, it } from 'vitest';
import type { NotificationEvent } from './notification-event';
import { responseExcerpt, verifyWebhookSignature, webhookBody, webhookHeaders } from './webhook-request';

const event: NotificationEvent = {
  type: 'plan.rejected',
  environment: 'prod',
  occurredAt: '2026-12-02T10:00:00.000Z',
  actor: 'ann@example.com',
  plan: { planId: 'p1', revision: 7, hash: 'abc', comment: '<!channel> no' },
};
const now = new Date('2026-12-02T10:00:05Z');

describe('webhook requests', () => {
  it('a generic body is the event with its delivery id; a Slack body is text and blocks with Slack markup escaped', () => {
    expect(JSON.parse(webhookBody(event, 'generic', 'd1'))).toEqual({ deliveryId: 'd1', ...event });
    const slack = JSON.parse(webhookBody({ ...event, type: 'run.failed', run: { runId: 'r', planId: 'p', revision: 7, kind: 'deploy', error: '<@U123> boom' } } as NotificationEvent, 'slack', 'd1'));
    expect(slack.text).toBe('Deploy of prod (revision 7) failed: <@U123> boom');
    expect(slack.blocks[0].text.text).toBe('*Deploy of prod (revision 7) failed: &lt;@U123&gt; boom*');
  });

  it('signs timestamp and body: the receiver verifies it, and refuses another body, another secret, or an old timestamp', () => {
    const body = webhookBody(event, 'generic', 'd1');
    const headers = webhookHeaders({ secret: 's3cret', body, deliveryId: 'd1', event: event.type, now });
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({ secret: 's3cret', body, timestamp: headers['x-personapass-timestamp']!, signature: headers['x-personapass-signature']!, now, ...over });
    expect(headers['x-personapass-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(check({})).toBe(true);
    expect(check({ body: body.replace('prod', 'dev') })).toBe(false);
    expect(check({ secret: 'other' })).toBe(false);
    expect(check({ now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(check({ timestamp: String(Number(headers['x-personapass-timestamp']) + 1) })).toBe(false);
  });

  it('keeps a short printable excerpt of an answer and blanks the secret', () => {
    expect(responseExcerpt('ok\u0000\u001b[31m  fine\n\nsecret=s3cret', 's3cret')).toBe('ok [31m fine secret=[secret]');
    expect(responseExcerpt('x'.repeat(500), 's')).toHaveLength(201);
  });
});
