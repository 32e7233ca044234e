import { afterAll, describe, expect, it } from 'vitest';
import { Unavailable } from '@/lib/core/errors';
import { contextFor, createActor, createTestDb, createTestDeps } from '@/lib/test-support/test-deps';
import { json } from './api-route';
import { abandonedAfterMs, idempotent } from './idempotency';

const db = createTestDb();
const deps = createTestDeps(db);
afterAll(() => db.$disconnect());

let counter = 0;
const created = async () => json({ id: ++counter }, 201, { location: `/api/v1/things/${counter}` });
const request = (key: string | null, body: unknown = { a: 1 }) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['idempotency-key'] = key;
  return new Request('http://127.0.0.1/api/v1/things', { method: 'POST', headers, body: JSON.stringify(body) });
};
const send = async (ctx: ReturnType<typeof contextFor>, key: string | null, body: unknown = { a: 1 }, run = created) => {
  const req = request(key, body);
  const response = await idempotent({ request: req, url: new URL(req.url), ctx, body }, run);
  return { status: response.status, body: await response.json(), headers: response.headers };
};

describe('Idempotency-Key', () => {
  it('without a key, every request runs', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const first = await send(ctx, null);
    const second = await send(ctx, null);
    expect(second.body.id).toBe(first.body.id + 1);
  });

  it('the same key and request from the same caller answer the same, running once; another caller’s key is theirs', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const first = await send(ctx, 'key-1');
    const replay = await send(ctx, 'key-1');
    expect(replay).toMatchObject({ status: 201, body: first.body });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(first.headers.get('location'));
    const other = await send(contextFor(deps, await createActor(deps, 'operator')), 'key-1');
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('refuses the same key for a different request', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    await send(ctx, 'key-2', { a: 1 });
    await expect(send(ctx, 'key-2', { a: 2 })).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'Idempotency-Key', message: 'already used for a different request' }] });
  });

  it('answers 409 to a second request while the first with its key is still running, which runs once', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const slow = async () => {
      runs++;
      await gate;
      return created();
    };
    const first = send(ctx, 'key-3', { a: 1 }, slow);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(send(ctx, 'key-3', { a: 1 }, slow)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('still being answered') });
    release();
    expect((await first).status).toBe(201);
    expect(runs).toBe(1);
  });

  it('keeps no answer for a failed request: its retry runs again', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    await expect(send(ctx, 'key-4', { a: 1 }, async () => Promise.reject(new Unavailable('cluster down')))).rejects.toMatchObject({ code: 'unavailable' });
    const retry = await send(ctx, 'key-4');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('takes over a key whose first request never finished (its process died)', async () => {
    const actor = await createActor(deps, 'operator');
    const ctx = contextFor(deps, actor);
    await deps.idempotency.claim({ userId: actor.userId, route: 'POST /api/v1/things', key: 'key-5' }, 'whatever', { now: new Date(), expiredBefore: new Date(0), abandonedBefore: new Date(0) });
    await expect(send(ctx, 'key-5')).rejects.toMatchObject({ code: 'invalid_input' });
    const later = contextFor({ ...deps, now: () => new Date(Date.now() + abandonedAfterMs + 60_000) }, actor);
    expect((await send(later, 'key-5')).status).toBe(201);
  });

  it('refuses a malformed key', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    for (const key of ['', 'x'.repeat(256), 'has space', 'del\u007f', 'latin-\u00e9']) {
      await expect(send(ctx, key)).rejects.toMatchObject({ code: 'invalid_input', issues: [{ path: 'Idempotency-Key' }] });
    }
  });
});
