import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import type { Db } from '@/lib/adapters/prisma/prisma-client';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import type { Deps } from '../deps';
import { createEnvironment } from './create-environment';
import { getEnvironment } from './get-environment';
import { updateEnvironment } from './update-environment';

// The request schemas already bound every field, so no request body can carry a spec this large;
// the use cases still refuse one from any caller that builds specs itself (seeding, scripts, later
// use cases), before anything is written.

let db: Db;
let deps: Deps;

beforeAll(async () => {
  db = createTestDb();
  deps = createTestDeps(db);
  await ensureCluster(deps);
});
afterAll(() => db.$disconnect());

function oversized(name: string): EnvironmentSpec {
  const spec = starterSpec(name, 'development');
  spec.observability.grafanaDashboardIds = Array.from({ length: 7000 }, (_, index) => `dashboard-${index}-${'x'.repeat(24)}`);
  return spec;
}

const refusal = { code: 'invalid_input', issues: [{ path: 'spec', message: expect.stringMatching(/^must be at most 262144 bytes \(256 KB\)/) }] };

describe('spec size in the use cases', () => {
  it('refuses to create or update an environment whose spec is over 256 KB, writing nothing', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('big');
    await expect(createEnvironment(ctx, { spec: oversized(name), changeNote: 'too big' })).rejects.toMatchObject(refusal);
    expect(await deps.environments.findHead(name)).toBeNull();

    await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'small' });
    await expect(updateEnvironment(ctx, name, 1, { spec: oversized(name), changeNote: 'too big' })).rejects.toMatchObject(refusal);
    expect((await getEnvironment(ctx, name)).number).toBe(1);
    expect(await db.auditEvent.count({ where: { targetName: name } })).toBe(1);
  });
});
