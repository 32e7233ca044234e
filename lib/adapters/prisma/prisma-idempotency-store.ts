import type { IdempotencyClaim, IdempotencyRef, IdempotencyStore } from '@/lib/core/idempotency';
import type { Db } from './prisma-client';

// A key is remembered for a day; after that the same key starts a new request.
const keyLifetimeHours = 24;

export class PrismaIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async claim(ref: IdempotencyRef, requestHash: string): Promise<IdempotencyClaim> {
    await this.db.$executeRaw`DELETE FROM "idempotency_keys" WHERE "user_id" = ${ref.userId}::uuid AND "route" = ${ref.route} AND "key" = ${ref.key}
      AND "created_at" < now() - make_interval(hours => ${keyLifetimeHours})`;
    const inserted = await this.db.$executeRaw`INSERT INTO "idempotency_keys" ("user_id", "route", "key", "request_hash")
      VALUES (${ref.userId}::uuid, ${ref.route}, ${ref.key}, ${requestHash}) ON CONFLICT DO NOTHING`;
    if (inserted === 1) return { kind: 'new' };
    const row = await this.db.idempotencyKey.findUnique({ where: { userId_route_key: ref } });
    if (!row) return this.claim(ref, requestHash);
    if (row.requestHash !== requestHash) return { kind: 'mismatch' };
    if (row.status === null) return { kind: 'in-progress' };
    return { kind: 'replay', status: row.status, body: row.body };
  }

  async complete(ref: IdempotencyRef, status: number, body: unknown): Promise<void> {
    await this.db.idempotencyKey.update({ where: { userId_route_key: ref }, data: { status, body: body as object } });
  }

  async release(ref: IdempotencyRef): Promise<void> {
    await this.db.idempotencyKey.deleteMany({ where: { ...ref, status: null } });
  }
}
