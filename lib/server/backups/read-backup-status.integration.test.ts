// An environment's last successful Velero backup on the testbed: Backup objects made as Velero makes
// them (its schedule label, status.phase Completed, a completionTimestamp) in the velero namespace,
// read through the console's own credential from the shared watch. One older than the RPO shows the
// warning, on the REST answer too; a fresh one does not. The Schedule the platform renders is
// accepted by Velero's CRD on the API server.
import { KubernetesObjectApi, type KubernetesObject } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import { backupStatusSchema } from '@/lib/core/backups/backup-status';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { getDeps, type Deps } from '@/lib/server/deps';
import { contextFor, createActor, unique } from '@/lib/test-support/test-deps';
import { registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { renderVeleroSchedule } from '@/manifests/backup/velero-schedules';
import { adminKubeConfig, applyObjects, deleteObjects } from '@/scripts/stack/test-support';
import * as backupsRoute from '@/app/api/v1/environments/[name]/backups/route';
import { getBackupStatus } from './read-backup-status';

// The console's own deps, as the route uses them: one registration of the testbed serves both.
let deps: Deps;
const cluster = unique('velero');
const made: KubernetesObject[] = [];
let admin: Actor, viewer: Actor;

/** A Backup as Velero's Schedule leaves it once done (the testbed runs no Velero: the test plays it). */
function backup(environment: string, completedMinutesAgo: number): KubernetesObject {
  const completed = new Date(Date.now() - completedMinutesAgo * 60_000);
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name: unique(`personapass-${environment}`).slice(0, 63), namespace: 'velero', labels: { 'velero.io/schedule-name': `personapass-${environment}` } },
    spec: { includedNamespaces: [`personapass-${environment}`], ttl: '72h0m0s', storageLocation: 'default' },
    status: { phase: 'Completed', startTimestamp: new Date(completed.getTime() - 60_000).toISOString(), completionTimestamp: completed.toISOString(), version: 1 },
  } as KubernetesObject;
}

async function environment(tier: 'development' | 'production'): Promise<string> {
  const name = unique(tier === 'production' ? 'vl-prod' : 'vl-dev');
  await createEnvironment(contextFor(deps, admin), { spec: { ...starterSpec(name, tier), cluster }, changeNote: 'velero test' });
  return name;
}

async function make(object: KubernetesObject) {
  made.push(object);
  await applyObjects(adminKubeConfig(), [object]);
}

beforeAll(async () => {
  configureRouteEnv();
  deps = getDeps();
  await registerTestbedAs(deps, cluster);
  [admin, viewer] = await Promise.all([createActor(deps, 'admin'), createActor(deps, 'viewer')]);
}, 60_000);
afterAll(async () => {
  await deleteObjects(adminKubeConfig(), made);
}, 60_000);

describe('the last successful Velero backup against the RPO', () => {
  it('warns about a production backup older than 15 minutes, and stops once a fresh one completes', async () => {
    const name = await environment('production');
    await make(backup(name, 40));
    const stale = await getBackupStatus(contextFor(deps, viewer), name, { syncWaitMs: 10_000 });
    expect(stale).toMatchObject({ state: 'stale', rpoSeconds: 900, schedule: `personapass-${name}`, lastSuccessful: { ageSeconds: expect.any(Number) } });
    expect(stale.lastSuccessful!.ageSeconds).toBeGreaterThanOrEqual(40 * 60);
    expect(stale.warning).toMatch(new RegExp(`^The last successful backup of ${name} \\(personapass-${name}-[0-9a-f]+\\) completed 40 minutes ago, older than its RPO of 15 minutes$`));

    // The REST answer says the same to a viewer.
    const { token } = await tokenFor('viewer');
    const answer = await call(backupsRoute.GET, { path: `/api/v1/environments/${name}/backups`, params: { name }, token });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ state: 'stale', warning: stale.warning });
    // The answer is the contract the page and the OpenAPI document describe.
    expect(backupStatusSchema.strict().safeParse(answer.body).error).toBeUndefined();

    const fresh = backup(name, 1);
    await make(fresh);
    await expect.poll(async () => (await getBackupStatus(contextFor(deps, viewer), name)).state, { timeout: 15_000 }).toBe('ok');
    expect(await getBackupStatus(contextFor(deps, viewer), name)).toMatchObject({ warning: null, lastSuccessful: { name: fresh.metadata!.name } });
  }, 60_000);

  it('gives development 24 hours: a backup of 23 hours is fine, and another environment’s backups count for nothing', async () => {
    const name = await environment('development');
    const other = await environment('development');
    expect((await getBackupStatus(contextFor(deps, viewer), name, { syncWaitMs: 10_000 })).state).toBe('stale');
    await make(backup(other, 1));
    await make(backup(name, 23 * 60));
    await expect.poll(async () => (await getBackupStatus(contextFor(deps, viewer), name)).lastSuccessful?.ageSeconds ?? 0, { timeout: 15_000 }).toBeGreaterThan(23 * 3600 - 60);
    expect((await getBackupStatus(contextFor(deps, viewer), name)).state).toBe('ok');
  }, 60_000);

  it("renders a Schedule that Velero's CRD accepts, for each tier", async () => {
    const objects = adminKubeConfig().makeApiClient(KubernetesObjectApi);
    for (const tier of ['production', 'staging', 'development'] as const) {
      const schedule = renderVeleroSchedule(starterSpec(unique('vl-s'), tier)) as unknown as KubernetesObject;
      const created = await objects.create(schedule, undefined, 'All');
      expect(created.metadata?.namespace).toBe('velero');
    }
  });
});
