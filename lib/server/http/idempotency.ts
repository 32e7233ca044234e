import { z } from 'zod';
import { contentHash } from '@/lib/core/hash';
import { Conflict, InvalidInput } from '@/lib/core/errors';
import { requireActor, type UseCaseContext } from '../context';
import { json } from './api-route';

// Idempotency-Key on writes that must not happen twice (create-plan, approve, deploy): the same
// key from the same caller on the same operation answers what the first request got, without doing
// it again. A key sent with a different request is refused; one whose first request is still
// running answers 409; a request that failed leaves its key free, so a retry is judged afresh.

const keyHeader = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters');

type Result = { status: number; body: unknown; headers?: Record<string, string> };

export async function idempotent(ctx: UseCaseContext, request: Request, operation: { route: string; input: unknown }, run: () => Promise<Result>): Promise<Response> {
  const header = request.headers.get('idempotency-key');
  if (header === null) return respond(await run());
  const parsed = keyHeader.safeParse(header);
  if (!parsed.success) throw new InvalidInput('Idempotency-Key is invalid', [{ path: 'Idempotency-Key', message: parsed.error.issues[0]!.message }]);
  const ref = { userId: requireActor(ctx).userId, route: operation.route, key: parsed.data };
  const store = ctx.deps.idempotency;
  const claim = await store.claim(ref, contentHash(operation.input ?? null));
  if (claim.kind === 'replay') return json(claim.body, claim.status, { 'idempotent-replayed': 'true' });
  if (claim.kind === 'in-progress') throw new Conflict('a request with this Idempotency-Key is still being processed; retry shortly');
  if (claim.kind === 'mismatch') throw new InvalidInput('this Idempotency-Key was used for a different request', [{ path: 'Idempotency-Key', message: 'reused with a different request' }]);
  let result: Result;
  try {
    result = await run();
  } catch (error) {
    await store.release(ref).catch(() => undefined);
    throw error;
  }
  await store.complete(ref, result.status, result.body);
  return respond(result);
}

const respond = (result: Result) => json(result.body, result.status, result.headers);
