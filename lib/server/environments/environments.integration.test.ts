import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated } from '@/lib/core/errors';
import type { Db } from '@/lib/adapters/prisma/prisma-client';
import { contextFor, createActor, createTestDb, createTestDeps, ensureCluster, unique } from '@/lib/test-support/test-deps';
import type { Deps } from '../deps';
import { cloneEnvironment } from './clone-environment';
import { createEnvironment } from './create-environment';
import { findRevisions } from './find-revisions';
import { getEnvironment } from './get-environment';
import { getRevisionDiff } from './get-revision-diff';
import { updateEnvironment } from './update-environment';

let db: Db;
let deps: Deps;

beforeAll(async () => {
  db = createTestDb();
  deps = createTestDeps(db);
  await ensureCluster(deps);
});
afterAll(() => db.$disconnect());

async function auditFor(name: string) {
  return db.auditEvent.findMany({ where: { targetName: name }, orderBy: { createdAt: 'asc' } });
}

describe('environment definitions in Postgres', () => {
  it('creates revision 1 and appends revision 2 on edit, with an audit event for each', async () => {
    const operator = await createActor(deps, 'operator');
    const ctx = contextFor(deps, operator);
    const name = unique('env');
    const created = await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'first' });
    expect(created.number).toBe(1);

    const edited = structuredClone(created.spec);
    edited.components['wallet-api'].replicas = 3;
    const saved = await updateEnvironment(ctx, name, 1, { spec: edited, changeNote: 'more wallet-api replicas' });
    expect(saved).toMatchObject({ number: 2, changeNote: 'more wallet-api replicas', author: { email: operator.email } });

    expect((await getEnvironment(ctx, name)).spec.components['wallet-api'].replicas).toBe(3);
    const history = await findRevisions(ctx, name, { limit: 10 });
    expect(history.items.map((revision) => revision.number)).toEqual([2, 1]);
    const diff = await getRevisionDiff(ctx, name, 1, 2);
    expect(diff.changes).toEqual([{ path: 'components.wallet-api.replicas', kind: 'changed', before: 1, after: 3 }]);

    const audit = await auditFor(name);
    expect(audit.map((event) => event.action)).toEqual(['environment.created', 'environment.updated']);
    expect(audit.every((event) => event.actorId === operator.userId && event.requestId.length > 0)).toBe(true);
  });

  it('refuses a stale edit with a conflict that lists what changed, and writes nothing', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('env');
    const created = await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'first' });
    const first = structuredClone(created.spec);
    first.toggles.tracingSamplingRatio = 0.5;
    await updateEnvironment(ctx, name, 1, { spec: first, changeNote: 'sample less' });

    const stale = structuredClone(created.spec);
    stale.components['identity-service'].replicas = 5;
    const error = await updateEnvironment(ctx, name, 1, { spec: stale, changeNote: 'stale' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).details).toMatchObject({
      currentRevision: 2,
      changes: [{ path: 'toggles.tracingSamplingRatio', before: 1, after: 0.5 }],
    });
    expect((await findRevisions(ctx, name, { limit: 10 })).items).toHaveLength(2);
    expect(await auditFor(name)).toHaveLength(2);
  });

  it('lets exactly one of two concurrent edits on the same revision win', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('env');
    const created = await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'first' });
    const edits = [2, 3, 4, 5].map((replicas) => {
      const spec = structuredClone(created.spec);
      spec.components['wallet-api'].replicas = replicas;
      return updateEnvironment(ctx, name, 1, { spec, changeNote: `replicas ${replicas}` });
    });
    const results = await Promise.allSettled(edits);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((result) => result.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
    }
    expect((await getEnvironment(ctx, name)).number).toBe(2);
  });

  it('refuses a duplicate name with a conflict', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('env');
    await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'first' });
    await expect(createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'again' })).rejects.toBeInstanceOf(Conflict);
    expect(await auditFor(name)).toHaveLength(1);
  });

  it('keeps protected environments for admins: operators may neither edit nor unprotect them', async () => {
    const admin = contextFor(deps, await createActor(deps, 'admin'));
    const operator = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('prod');
    const created = await createEnvironment(admin, { spec: starterSpec(name, 'staging'), changeNote: 'first' });
    const edit = structuredClone(created.spec);
    edit.protection = { protected: false, approvalsRequired: 0, approvalExpiryHours: 24 };
    await expect(updateEnvironment(operator, name, 1, { spec: edit, changeNote: 'unprotect' })).rejects.toBeInstanceOf(Forbidden);
    await expect(createEnvironment(operator, { spec: starterSpec(unique('p'), 'production'), changeNote: 'x' })).rejects.toBeInstanceOf(Forbidden);
    const saved = await updateEnvironment(admin, name, 1, { spec: edit, changeNote: 'unprotect (admin)' });
    expect(saved.number).toBe(2);
  });

  it('refuses viewers and anonymous callers, and renames', async () => {
    const viewer = contextFor(deps, await createActor(deps, 'viewer'));
    await expect(createEnvironment(viewer, { spec: starterSpec(unique('v'), 'development'), changeNote: 'x' })).rejects.toBeInstanceOf(Forbidden);
    await expect(getEnvironment(contextFor(deps, null), 'dev')).rejects.toBeInstanceOf(Unauthenticated);
    const operator = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('env');
    await createEnvironment(operator, { spec: starterSpec(name, 'development'), changeNote: 'first' });
    await expect(updateEnvironment(operator, name, 1, { spec: starterSpec('other', 'development'), changeNote: 'rename' })).rejects.toBeInstanceOf(InvalidInput);
    await expect(getEnvironment(operator, unique('missing'))).rejects.toBeInstanceOf(NotFound);
  });

  it('clones staging into a protected production environment, for admins only', async () => {
    const admin = contextFor(deps, await createActor(deps, 'admin'));
    const operator = contextFor(deps, await createActor(deps, 'operator'));
    const source = unique('stg');
    await createEnvironment(admin, { spec: starterSpec(source, 'staging'), changeNote: 'first' });
    const target = unique('prd');
    await expect(cloneEnvironment(operator, source, { name: target, tier: 'production' })).rejects.toBeInstanceOf(Forbidden);
    const clone = await cloneEnvironment(admin, source, { name: target, tier: 'production' });
    expect(clone.changeNote).toMatch(new RegExp(`^cloned from ${source} revision 1 \\(lowered to fit its 5 nodes: .*autoscaling max 6 → 5`));
    expect(clone).toMatchObject({ number: 1 });
    expect(clone.spec.protection).toMatchObject({ protected: true, approvalsRequired: 2 });
    expect(clone.spec.namespace).toBe(`personapass-${target}`);
  });

  it('stores injection-looking text literally', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('env');
    const note = `'); DROP TABLE environments; -- <script>alert(1)</script>`;
    await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: note });
    expect((await getEnvironment(ctx, name)).changeNote).toBe(note);
    expect(await db.environment.count()).toBeGreaterThan(0);
  });

  // The console's own role is refused by its privileges; the owner by triggers (database-roles test).
  it('keeps revisions and audit events append-only in the database itself', async () => {
    const ctx = contextFor(deps, await createActor(deps, 'operator'));
    const name = unique('env');
    await createEnvironment(ctx, { spec: starterSpec(name, 'development'), changeNote: 'first' });
    await expect(db.environmentRevision.updateMany({ where: { environment: { name } }, data: { changeNote: 'rewritten' } })).rejects.toThrow(/permission denied for table environment_revisions/);
    await expect(db.auditEvent.deleteMany({ where: { targetName: name } })).rejects.toThrow(/permission denied for table audit_events/);
  });
});
