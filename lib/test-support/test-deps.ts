import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Actor, Role } from '@/lib/core/auth/roles';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import type { IdentityProvider } from '@/lib/core/ports';
import type { UseCaseContext } from '@/lib/server/context';
import { createDeps, type Deps, type Settings } from '@/lib/server/deps';

// Real adapters against the run's fresh database; each test names its own data uniquely.

export const testKeys = { k1: randomBytes(32), k2: randomBytes(32) };

export function createTestDb(): Db {
  return createPrismaClient(inject('databaseUrl'));
}

export const testSettings: Settings = {
  roleGroups: { 'personapass-viewers': 'viewer', 'personapass-operators': 'operator', 'personapass-approvers': 'approver', 'personapass-admins': 'admin' },
  sessionMaxAgeSeconds: 12 * 3600,
  apiTokenConfirmationDays: 30,
};

export function createTestDeps(db: Db, activeKeyId: 'k1' | 'k2' = 'k1', identityProvider?: IdentityProvider): Deps {
  return createDeps({ db, keys: testKeys, activeKeyId, identityProvider, settings: testSettings, databaseUrl: inject('databaseUrl') });
}

export { ensureCluster, testCaBundle } from './fixture-cluster';

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export async function createActor(deps: Deps, role: Role): Promise<Actor> {
  const email = `${unique(role)}@personapass.test`;
  const user = await deps.users.upsertFromSignIn({ subject: `test:${email}`, email, name: `Test ${role}`, role }, randomUUID());
  return { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session', scope: 'read-write', signedInAt: new Date() };
}

export function contextFor(deps: Deps, actor: Actor | null): UseCaseContext {
  return { actor, requestId: randomUUID(), deps };
}
