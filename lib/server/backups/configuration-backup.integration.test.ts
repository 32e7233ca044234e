// Export and restore of an environment on the testbed: dev is deployed, exported as a folder from
// the console's data alone (no cluster credential, no Secret value in it), restored from that folder
// onto a second namespace set under another name, and planned and deployed through the normal
// pipeline; its render equals the original's but for names, and its objects are on the cluster.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/core/auth/roles';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { createEnvironment } from '@/lib/server/environments/create-environment';
import { createPlan } from '@/lib/server/plans/create-plan';
import { defaultDeploySettings } from '@/lib/server/deps';
import { deployPlan } from '@/lib/server/runs/deploy-plan';
import { executeDeployRun } from '@/lib/server/runs/execute-deploy-run';
import { contextFor, createActor, createTestDb, createTestDeps, unique } from '@/lib/test-support/test-deps';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { grantTestbedNamespaces, registerTestbedAs } from '@/lib/test-support/testbed-environment';
import { readBackupFolder, writeBackupFolder } from '@/scripts/cli/backup-folder';
import { adminKubeConfig } from '@/scripts/stack/test-support';
import { exportConfigurationBackup } from './export-configuration-backup';
import { restoreEnvironment } from './restore-environment';

const db = createTestDb();
const deps = { ...createTestDeps(db), deploy: { ...defaultDeploySettings, rolloutTimeoutSeconds: 90, rolloutPollMs: 500 } };
const cluster = unique('backup');
const grants: Array<{ revoke: () => Promise<void> }> = [];
const folders: string[] = [];
let operator: Actor, viewer: Actor;

async function deployHead(name: string) {
  const plan = await createPlan(contextFor(deps, operator), name);
  expect(plan.checksPassed).toBe(true);
  const queued = await deployPlan(contextFor(deps, operator), plan.id);
  await executeDeployRun(deps, queued.id, 'test-worker');
  return (await deps.runs.getRun(queued.id))!;
}

async function filesUnder(dir: string, prefix = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, await filesUnder(dir, path));
    else files[path] = await readFile(join(dir, path), 'utf8');
  }
  return files;
}

beforeAll(async () => {
  await registerTestbedAs(deps, cluster);
  [operator, viewer] = await Promise.all([createActor(deps, 'operator'), createActor(deps, 'viewer')]);
}, 60_000);
afterAll(async () => {
  for (const grant of grants) await grant.revoke();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
  await db.$disconnect();
}, 120_000);

describe('a configuration backup of dev, restored onto a second namespace set', () => {
  it('exports a folder without credentials or Secret values, restores it under another name and namespace, and deploys it through the pipeline', async () => {
    const source = { ...starterSpec(unique('bk-dev'), 'development'), cluster };
    grants.push(await grantTestbedNamespaces(source.name, source.namespace));
    await createEnvironment(contextFor(deps, operator), { spec: source, changeNote: 'backup test' });
    const first = await deployHead(source.name);
    expect({ status: first.status, error: first.error }).toEqual({ status: 'succeeded', error: null });

    // Exported by a viewer (it holds nothing a viewer may not read) and written as the CLI writes it.
    const backup = await exportConfigurationBackup(contextFor(deps, viewer), source.name);
    const dir = await mkdtemp(join(tmpdir(), 'pp-backup-'));
    folders.push(dir);
    await writeBackupFolder(dir, backup.files);
    const written = await filesUnder(dir);
    expect(Object.keys(written).sort()).toEqual(Object.keys(backup.files).sort());
    const manifest = JSON.parse(written['personapass-backup.json']!);
    expect(manifest).toMatchObject({ environment: source.name, headRevision: 1, deployedRevisions: [1] });
    const runs = JSON.parse(written['revisions/1/runs.json']!);
    expect(runs).toEqual([expect.objectContaining({ runId: first.id, requestedBy: { name: operator.name, email: operator.email } })]);
    expect(runs[0].objects.length).toBe(first.counts.applied! + (first.counts.unchanged ?? 0));
    expect(JSON.parse(written['inventory.json']!).length).toBeGreaterThan(20);

    // The folder is grepped for the cluster's credential and anything shaped like one.
    const text = Object.values(written).join('\n');
    const credential = testbedCluster(cluster).credential;
    const secretParts = Object.values(credential).filter((v): v is string => typeof v === 'string' && v.length > 20);
    expect(secretParts.length).toBeGreaterThan(0);
    for (const part of secretParts) expect(text).not.toContain(part);
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----|client-key-data|eyJhbGciOi|ppc_[A-Za-z0-9]/);
    expect(text).not.toMatch(/^kind: Secret$/m);
    expect(manifest.omittedSecrets.length).toBeGreaterThan(0);

    // Restored from the folder under another name and namespace set, then planned and deployed as any other.
    // Short enough that Grafana's uids (at most 40 characters) carry the name whole, not a hash of it.
    const name = unique('bk-rs');
    const namespace = `personapass-${name}`;
    grants.push(await grantTestbedNamespaces(name, namespace));
    const read = (await readBackupFolder(dir)) as { manifest: Record<string, unknown>; spec: Record<string, unknown> };
    const restored = await restoreEnvironment(contextFor(deps, operator), name, { ...read, namespace });
    expect(restored).toMatchObject({ environment: name, number: 1, changeNote: expect.stringContaining(`restored from the configuration backup of ${source.name} revision 1`) });
    expect(restored.spec).toMatchObject({ name, namespace, cluster, tier: 'development' });
    const run = await deployHead(name);
    expect({ status: run.status, error: run.error }).toEqual({ status: 'succeeded', error: null });

    // The restored render equals the original's but for the environment's name and namespaces (and the
    // pods' config hashes, which hash configuration that names them).
    const again = await exportConfigurationBackup(contextFor(deps, viewer), name);
    const renamed = (files: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(files)
          .filter(([path]) => path.startsWith('rendered/'))
          .map(([path, text]) => [path.replaceAll(source.namespace, namespace), text.replaceAll(source.namespace, namespace).replaceAll(source.name, name).replace(/(personapass\.dev\/config-hash: )[0-9a-f]+/g, '$1<hash>')]),
      );
    const original = renamed(backup.files);
    expect(Object.keys(original).length).toBeGreaterThan(20);
    expect(renamed(again.files)).toEqual(original);

    // And every object the restored environment's deploy left is on the cluster, in its namespaces.
    const inventory = await deps.deploymentHistory.findInventory(name);
    expect(inventory.length).toBe(JSON.parse(written['inventory.json']!).length);
    const objects = adminKubeConfig().makeApiClient(KubernetesObjectApi);
    for (const item of inventory) {
      const [kind, ...rest] = item.objectId.split('/');
      const [objectNamespace, objectName] = rest.length === 2 ? rest : [undefined, rest[0]];
      expect(objectNamespace === undefined || objectNamespace.startsWith(namespace)).toBe(true);
      const live = await objects.read({ apiVersion: item.apiVersion, kind: kind!, metadata: { name: objectName!, namespace: objectNamespace } });
      expect(live.metadata?.uid).toBeTruthy();
    }
  }, 480_000);
});
