import { Conflict, InvalidInput } from '@/lib/core/errors';
import { contentHash } from '@/lib/core/hash';
import type { IdempotencyScope } from '@/lib/core/ports';
import { requireActor, type UseCaseContext } from '../context';

// Idempotency-Key on a write (create-plan, approve, deploy): the same key from the same caller on
// the same route with the same request gets the first answer again, and the write happens once. A
// retry after a timeout or a double click is safe. Only successful answers are kept: a refused or
// failed request wrote nothing, so its retry simply runs again.

export const idempotencyHeader = 'idempotency-key';
/** How long an answer is kept for replays. */
export const idempotencyTtlMs = 24 * 3600_000;
/** A claim older than this with no answer belongs to a process that died: the key is free again. */
export const abandonedAfterMs = 10 * 60_000;

const keyFormat = /^[\x21-\x7e]{1,255}$/;
// Kept on replays so a created resource is found again where the first answer said.
const replayedHeaders = ['location', 'etag'];

export async function idempotent(args: { request: Request; url: URL; ctx: UseCaseContext; body?: unknown }, run: () => Promise<Response>): Promise<Response> {
  const key = args.request.headers.get(idempotencyHeader);
  if (key === null) return run();
  if (!keyFormat.test(key)) {
    throw new InvalidInput('the Idempotency-Key header must be 1 to 255 visible ASCII characters', [{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
  }
  const { deps } = args.ctx;
  const scope: IdempotencyScope = { userId: requireActor(args.ctx).userId, route: `${args.request.method} ${args.url.pathname}`, key };
  const now = deps.now();
  const claim = await deps.idempotency.claim(scope, contentHash({ query: args.url.search, body: args.body ?? null }), {
    now,
    expiredBefore: new Date(now.getTime() - idempotencyTtlMs),
    abandonedBefore: new Date(now.getTime() - abandonedAfterMs),
  });
  if (claim.kind === 'mismatch') {
    throw new InvalidInput('this Idempotency-Key was already used for a different request; use a new key for a new request', [{ path: 'Idempotency-Key', message: 'already used for a different request' }]);
  }
  if (claim.kind === 'in-progress') throw new Conflict('a request with this Idempotency-Key is still being answered; retry in a moment');
  if (claim.kind === 'replay') {
    const { status, body, headers } = claim.answer;
    return new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await deps.idempotency.release(scope);
    throw error;
  }
  if (response.status >= 300) {
    await deps.idempotency.release(scope);
    return response;
  }
  const body = JSON.parse(await response.clone().text());
  const headers = Object.fromEntries(replayedHeaders.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)!]] : [])));
  await deps.idempotency.complete(scope, { status: response.status, body, headers });
  return response;
}
