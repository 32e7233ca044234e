// Outgoing webhooks end to end on Postgres and pg-boss, posting to a receiver on a loopback port
// (allowed explicitly, as WEBHOOK_ALLOW_PRIVATE=loopback does): an approval is delivered, signed
// with the webhook's secret (verified here as a receiver would), retried after a 500 and then
// delivered, logged with the last answer; private, link-local and loopback addresses are refused
// when saved and, for names that resolve there or rows that bypassed the save, when connecting.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PgBossJobQueue } from '@/lib/adapters/jobs/pg-boss-job-queue';
import type { Actor } from '@/lib/core/auth/roles';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { errorCode, InvalidInput } from '@/lib/core/errors';
import { verifyWebhookSignature } from '@/lib/core/notifications/webhook-request';
import { approvePlan } from '@/lib/server/approvals/approve-plan';
import { rejectPlan } from '@/lib/server/approvals/reject-plan';
import { createDeps, type Deps } from '@/lib/server/deps';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { executeDeployRun } from '@/lib/server/runs/execute-deploy-run';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { recordingGateway, withGateway } from '@/lib/test-support/recording-gateway';
import { contextFor, createActor, createTestDb, ensureCluster, testKeys, testSettings, unique } from '@/lib/test-support/test-deps';
import { startWebhookReceiver } from '@/lib/test-support/webhook-receiver';
import { waitFor } from '@/scripts/stack/test-support';
import { createWebhook } from './create-webhook';
import { deliverWebhook } from './deliver-webhook';
import { findWebhookDeliveries } from './find-webhooks';
import type { NotificationSettings } from './notification-settings';
import { sendTestNotification } from './send-test-notification';
import { openWebhook, sealWebhook } from './webhook-secret';
import { startWebhookWorker } from './webhook-worker';

const db = createTestDb();
const quick: NotificationSettings = { allowPrivate: 'loopback', maxAttempts: 3, retryDelaySeconds: 1, maxRetryDelaySeconds: 2, timeoutMs: 3000 };
const depsWith = (notifications: NotificationSettings): Deps => createDeps({ db, keys: testKeys, activeKeyId: 'k1', settings: testSettings, databaseUrl: inject('databaseUrl'), notifications });
const deps = depsWith(quick);
const strict = depsWith({ ...quick, allowPrivate: 'none' });
const worker = new PgBossJobQueue(inject('databaseUrl'), { role: 'worker' });
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let admin: Actor, operator: Actor, approver: Actor;
let env: string;

const deliveryRow = (id: string) => db.webhookDelivery.findUniqueOrThrow({ where: { id } });
const settled = (id: string) => waitFor(`delivery ${id} to settle`, async () => ['delivered', 'failed'].includes((await deliveryRow(id)).status) && deliveryRow(id), 30_000, 200);

async function refusal(promise: Promise<unknown>): Promise<InvalidInput> {
  try {
    await promise;
  } catch (error) {
    expect(errorCode(error)).toBe('invalid_input');
    return error as InvalidInput;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  await ensureCluster(deps);
  [admin, operator, approver] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'operator'), createActor(deps, 'approver')]);
  env = unique('hooks');
  await createEnvironment(contextFor(deps, admin), { spec: starterSpec(env, 'production'), changeNote: 'webhook test' });
  await startWebhookWorker(deps, worker, 2);
}, 60_000);
afterAll(async () => {
  await worker.stop();
  await receiver.close();
  await db.$disconnect();
}, 60_000);

describe('webhook delivery', () => {
  it('delivers an approval to a loopback receiver, signed with the secret shown once and stored sealed', async () => {
    const hook = await createWebhook(contextFor(deps, admin), env, { name: 'approvals', url: receiver.url('/signed'), format: 'generic', events: ['plan.approved'] });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    const sealed = { keyId: row.sealedKeyId, ciphertext: Buffer.from(row.sealedCiphertext) };
    for (const plain of [hook.secret, '/signed']) expect(sealed.ciphertext.includes(Buffer.from(plain))).toBe(false);
    expect(row.urlHint).toBe(`http://127.0.0.1:${receiver.port}/…`);
    expect(openWebhook(deps.secrets, hook.id, sealed)).toEqual({ url: receiver.url('/signed'), secret: hook.secret });
    expect(() => openWebhook(deps.secrets, randomUUID(), sealed)).toThrow();

    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    await approvePlan(contextFor(deps, approver), plan.id, { comment: 'ship it' });
    const [request] = await waitFor('the approval to arrive', async () => receiver.received('/signed').length > 0 && receiver.received('/signed'));
    expect(
      verifyWebhookSignature({ secret: hook.secret, body: request!.body, timestamp: request!.headers['x-personapass-timestamp'] as string, signature: request!.headers['x-personapass-signature'] as string, now: new Date() }),
    ).toBe(true);
    expect(verifyWebhookSignature({ secret: 'whsec_other', body: request!.body, timestamp: request!.headers['x-personapass-timestamp'] as string, signature: request!.headers['x-personapass-signature'] as string, now: new Date() })).toBe(false);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ type: 'plan.approved', environment: env, actor: approver.email, plan: { planId: plan.id, hash: plan.hash, comment: 'ship it' } });
    expect(request!.headers['x-personapass-delivery']).toBe(body.deliveryId);

    const [delivery] = await findWebhookDeliveries(contextFor(deps, admin), env, hook.id);
    const done = await settled(delivery!.id);
    expect({ status: done.status, attempts: done.attempts, code: done.lastStatusCode, response: done.lastResponse }).toEqual({ status: 'delivered', attempts: 1, code: 200, response: 'ok' });
  }, 40_000);

  it('retries a delivery answered with a 500 and delivers it, logging a short sanitized answer; Slack format is {text, blocks}', async () => {
    const hook = await createWebhook(contextFor(deps, admin), env, { name: 'slack', url: receiver.url('/flaky'), format: 'slack' });
    receiver.answer('/flaky', { status: 500, body: `overloaded \u0000\u001b ${hook.secret} ${'x'.repeat(400)}` });
    const queued = await sendTestNotification(contextFor(deps, admin), env, hook.id);
    expect(queued.status).toBe('pending');
    const done = await settled(queued.id);
    expect({ status: done.status, attempts: done.attempts, code: done.lastStatusCode }).toEqual({ status: 'delivered', attempts: 2, code: 200 });
    const requests = receiver.received('/flaky');
    expect(requests).toHaveLength(2);
    expect(new Set(requests.map((r) => r.headers['x-personapass-delivery']))).toEqual(new Set([queued.id]));
    for (const request of requests) {
      expect(verifyWebhookSignature({ secret: hook.secret, body: request.body, timestamp: request.headers['x-personapass-timestamp'] as string, signature: request.headers['x-personapass-signature'] as string, now: new Date() })).toBe(true);
    }
    expect(JSON.parse(requests[0]!.body)).toEqual({ text: `Test notification for webhook "slack" of ${env} by ${admin.email}`, blocks: expect.any(Array) });
  }, 40_000);

  it('logs what the failed attempt answered without the secret it echoed, and gives up after the last attempt', async () => {
    const hook = await createWebhook(contextFor(deps, admin), env, { name: 'down', url: receiver.url('/down'), format: 'generic' });
    const echo = { status: 503, body: `down \u0000 ${hook.secret} ${'y'.repeat(400)}` };
    receiver.answer('/down', echo, echo, echo);
    const queued = await sendTestNotification(contextFor(deps, admin), env, hook.id);
    const done = await settled(queued.id);
    expect({ status: done.status, attempts: done.attempts, code: done.lastStatusCode }).toEqual({ status: 'failed', attempts: 3, code: 503 });
    expect(done.lastResponse).toMatch(/^down \[secret\] y+…$/);
    expect(done.lastResponse!.length).toBeLessThanOrEqual(201);
    expect(receiver.received('/down')).toHaveLength(3);
  }, 40_000);

  it('queues nothing for a webhook not subscribed to the event', async () => {
    const hook = await createWebhook(contextFor(deps, admin), env, { name: 'runs only', url: receiver.url('/runs-only'), format: 'generic', events: ['run.failed'] });
    const plan = await insertPlan(db, { environment: env, requestedBy: operator.userId });
    await approvePlan(contextFor(deps, approver), plan.id, { comment: '' });
    expect(await db.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
  });
});

describe('what the pipeline notifies', () => {
  // A fake cluster (named as such): these tests are about what is told, not about what is applied.
  const noCluster = () => withGateway(deps, recordingGateway([]));
  const eventsOf = async (webhookId: string) => (await db.webhookDelivery.findMany({ where: { webhookId }, orderBy: { createdAt: 'asc' } })).map((d) => d.payload as { type: string; [key: string]: unknown });

  it('a plan of a protected environment awaits approval, then its rejection: both reach a webhook subscribed to them', async () => {
    const hook = await createWebhook(contextFor(deps, admin), env, { name: 'plans', url: receiver.url('/plans'), format: 'generic', events: ['plan.awaiting_approval', 'plan.rejected'] });
    const plan = await createPlan(contextFor(noCluster(), operator), env);
    expect({ status: plan.status, protected: plan.protected, checksPassed: plan.checksPassed }).toEqual({ status: 'open', protected: true, checksPassed: true });
    await rejectPlan(contextFor(deps, approver), plan.id, { comment: 'not today' });
    expect(await eventsOf(hook.id)).toEqual([
      expect.objectContaining({ type: 'plan.awaiting_approval', actor: operator.email, plan: expect.objectContaining({ planId: plan.id, changes: plan.summary.changes }) }),
      expect.objectContaining({ type: 'plan.rejected', actor: approver.email, plan: expect.objectContaining({ planId: plan.id, comment: 'not today' }) }),
    ]);
    await waitFor('both to arrive', async () => receiver.received('/plans').length === 2);
  }, 60_000);

  it('a deploy run tells it started and succeeded', async () => {
    const open = unique('hooks-dev');
    await createEnvironment(contextFor(deps, admin), { spec: starterSpec(open, 'development'), changeNote: 'webhook run test' });
    const hook = await createWebhook(contextFor(deps, admin), open, { name: 'runs', url: receiver.url('/runs'), format: 'generic', events: ['run.started', 'run.succeeded', 'run.failed'] });
    const plan = await insertPlan(db, { environment: open, requestedBy: operator.userId });
    const run = await deployPlan(contextFor(noCluster(), operator), plan.id);
    expect(await executeDeployRun(noCluster(), run.id, 'webhook-test-worker')).toBe('executed');
    expect((await eventsOf(hook.id)).map((e) => [e.type, (e.run as { runId: string }).runId])).toEqual([
      ['run.started', run.id],
      ['run.succeeded', run.id],
    ]);
  }, 60_000);
});

describe('events of the drift and backup jobs', () => {
  it('drift of an environment reaches its webhooks; a failed backup of the console reaches every webhook taking backup.failed', async () => {
    const other = unique('hooks-other');
    await createEnvironment(contextFor(deps, admin), { spec: starterSpec(other, 'development'), changeNote: 'webhook backup test' });
    const here = await createWebhook(contextFor(deps, admin), env, { name: 'drift+backup', url: receiver.url('/ops-a'), format: 'generic', events: ['drift.found', 'backup.failed'] });
    const there = await createWebhook(contextFor(deps, admin), other, { name: 'backup', url: receiver.url('/ops-b'), format: 'slack', events: ['backup.failed'] });
    const at = new Date().toISOString();
    await deps.notifier.notify({ type: 'drift.found', environment: env, occurredAt: at, actor: null, drift: { revision: 3, objects: [{ kind: 'Deployment', namespace: 'ns', name: 'wallet-api', changedBy: 'kubectl-edit' }] } });
    await deps.notifier.notify({ type: 'backup.failed', environment: null, occurredAt: at, actor: null, backup: { backupId: 'nightly-1', reason: 'bucket unreachable' } });
    const types = async (webhookId: string) => (await db.webhookDelivery.findMany({ where: { webhookId }, orderBy: { createdAt: 'asc' } })).map((d) => d.event);
    expect(await types(here.id)).toEqual(['drift.found', 'backup.failed']);
    expect(await types(there.id)).toEqual(['backup.failed']);
    const [slack] = await waitFor('the backup failure to arrive in Slack format', async () => receiver.received('/ops-b').length > 0 && receiver.received('/ops-b'));
    expect(JSON.parse(slack!.body).text).toBe('Backup nightly-1 of the console failed: bucket unreachable');
  }, 40_000);
});

describe('webhook addresses', () => {
  it.each(['http://10.0.0.5/hook', 'http://192.168.1.20/hook', 'http://172.16.3.4/hook', 'http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/hook', 'http://[::1]:9/hook', 'http://127.0.0.1:9/hook', 'http://localhost:9/hook'])(
    'refuses %s when private addresses are not allowed, saving nothing',
    async (url) => {
      const before = await db.webhook.count();
      const error = await refusal(createWebhook(contextFor(strict, admin), env, { name: 'refused', url, format: 'generic' }));
      expect(error.issues).toEqual([{ path: 'url', message: expect.stringContaining('WEBHOOK_ALLOW_PRIVATE') }]);
      expect(await db.webhook.count()).toBe(before);
    },
  );

  it.each(['http://10.0.0.5/hook', 'http://192.168.1.20/hook', 'http://169.254.169.254/latest/meta-data'])('refuses %s even with loopback allowed', async (url) => {
    await refusal(createWebhook(contextFor(deps, admin), env, { name: 'refused', url, format: 'generic' }));
  });

  it('refuses at connect time a name that resolves to loopback, and a loopback literal stored past the save check: nothing reaches the receiver', async () => {
    for (const [path, host] of [['/rebound-name', 'localhost'], ['/rebound-literal', '[::1]']] as const) {
      const hook = await createWebhook(contextFor(deps, admin), env, { name: 'later rebound', url: receiver.url(path), format: 'generic' });
      // As if the name had pointed elsewhere when saved (DNS rebinding), or the row were written by hand.
      const sealed = sealWebhook(deps.secrets, hook.id, { url: `http://${host}:${receiver.port}${path}`, secret: hook.secret });
      await db.webhook.update({ where: { id: hook.id }, data: { sealedCiphertext: new Uint8Array(sealed.ciphertext), sealedKeyId: sealed.keyId } });
      // Delivered here by a process allowing nothing private (not queued: the test's worker allows loopback).
      const [queued] = await strict.webhooks.createDeliveries([{ id: randomUUID(), webhookId: hook.id }], { type: 'webhook.test', environment: env, occurredAt: new Date().toISOString(), actor: null, test: { webhook: hook.name } });
      expect(await deliverWebhook(strict, queued!.id)).toBe('failed');
      const row = await deliveryRow(queued!.id);
      expect({ attempts: row.attempts, code: row.lastStatusCode }).toEqual({ attempts: 1, code: null });
      expect(row.lastResponse).toMatch(/the console does not connect there: .*loopback/);
      expect(receiver.received(path)).toHaveLength(0);
    }
  });

  it('refuses an operator, an approver and a viewer', async () => {
    for (const role of ['operator', 'approver', 'viewer'] as const) {
      const actor = await createActor(deps, role);
      await expect(createWebhook(contextFor(deps, actor), env, { name: 'x', url: receiver.url('/x'), format: 'generic' })).rejects.toMatchObject({ code: 'forbidden' });
    }
  });
});
