import type { IdempotencyClaim, IdempotencyScope, IdempotencyStore, IdempotentAnswer } from '@/lib/core/ports';
import type { Db } from './prisma-client';

export class PrismaIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async claim(scope: IdempotencyScope, requestHash: string, limits: { now: Date; expiredBefore: Date; abandonedBefore: Date }): Promise<IdempotencyClaim> {
    // One statement decides between concurrent first requests: the primary key lets one insert, and
    // the conflict branch takes over only a key that expired or was abandoned.
    const claimed = await this.db.$queryRaw<Array<{ claimed: boolean }>>`
      INSERT INTO "idempotency_keys" ("user_id", "route", "key", "request_hash", "created_at")
      VALUES (${scope.userId}::uuid, ${scope.route}, ${scope.key}, ${requestHash}, ${limits.now})
      ON CONFLICT ("user_id", "route", "key") DO UPDATE
        SET "request_hash" = EXCLUDED."request_hash", "status" = NULL, "body" = NULL, "created_at" = EXCLUDED."created_at"
        WHERE "idempotency_keys"."created_at" < ${limits.expiredBefore}
           OR ("idempotency_keys"."status" IS NULL AND "idempotency_keys"."created_at" < ${limits.abandonedBefore})
      RETURNING true AS "claimed"`;
    if (claimed.length > 0) return { kind: 'claimed' };
    const row = await this.db.idempotencyKey.findUnique({ where: { userId_route_key: scope }, select: { requestHash: true, status: true, body: true } });
    if (!row) return this.claim(scope, requestHash, limits);
    if (row.requestHash !== requestHash) return { kind: 'mismatch' };
    if (row.status === null) return { kind: 'in-progress' };
    const stored = (row.body ?? {}) as { body?: unknown; headers?: Record<string, string> };
    return { kind: 'replay', answer: { status: row.status, body: stored.body ?? null, headers: stored.headers ?? {} } };
  }

  async complete(scope: IdempotencyScope, answer: IdempotentAnswer): Promise<void> {
    await this.db.idempotencyKey.update({ where: { userId_route_key: scope }, data: { status: answer.status, body: { body: answer.body as object, headers: answer.headers } } });
  }

  async release(scope: IdempotencyScope): Promise<void> {
    await this.db.idempotencyKey.deleteMany({ where: { ...scope, status: null } });
  }
}
