import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/core/hash';
import { createApiToken } from '@/lib/server/tokens/create-api-token';
import { contextFor, createActor, createTestDb, createTestDeps } from '@/lib/test-support/test-deps';
import type { Db } from '@/lib/adapters/prisma/prisma-client';

let db: Db;
beforeAll(() => {
  db = createTestDb();
});
afterAll(() => db.$disconnect());

describe('a user whose groups no longer grant a role', () => {
  it('is disabled with every token revoked at once, and comes back only by signing in with a role again', async () => {
    const deps = createTestDeps(db);
    const actor = await createActor(deps, 'admin');
    const { secret } = await createApiToken(contextFor(deps, actor), { name: 'laptop', expiresInDays: 30, scope: 'read-write' });
    expect(await deps.apiTokens.findOwnerByHash(sha256Hex(secret), new Date())).toMatchObject({ owner: { id: actor.userId } });

    const subject = `test:${actor.email}`;
    expect(await deps.users.disableFromSignIn(subject, randomUUID())).toBe(true);
    expect(await deps.users.disableFromSignIn(subject, randomUUID())).toBe(false);
    expect(await deps.users.getUser(actor.userId)).toBeNull();
    expect(await deps.apiTokens.findOwnerByHash(sha256Hex(secret), new Date())).toBeNull();
    expect((await deps.apiTokens.findTokens(actor.userId)).every((token) => token.revokedAt)).toBe(true);
    expect(await deps.users.disableFromSignIn('oidc:someone-never-seen', randomUUID())).toBe(false);

    await deps.users.upsertFromSignIn({ subject, email: actor.email, name: actor.name, role: 'viewer' }, randomUUID());
    expect(await deps.users.getUser(actor.userId)).toMatchObject({ role: 'viewer' });
    expect(await deps.apiTokens.findOwnerByHash(sha256Hex(secret), new Date())).toBeNull();
    const audit = await db.auditEvent.findMany({ where: { targetName: actor.email }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((event) => event.action)).toEqual(['user.created', 'user.disabled', 'user.enabled', 'user.role-changed']);
  });
});
