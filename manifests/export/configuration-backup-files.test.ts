import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { backupManifestSchema, type DeployedRevision } from '@/lib/core/backups/configuration-backup';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { renderConfigurationBackup } from './configuration-backup-files';

const spec = starterSpec('dev', 'development');
const person = { id: '00000000-0000-4000-8000-000000000001', name: 'Ada', email: 'ada@example.com' };
// What a run sent, Secrets with their values as the plan stored them.
const sent = renderPlatform(spec).map((o) => ({ objectId: `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`, action: 'create', desired: toPlain(o) as never }));
const deployed: DeployedRevision[] = [
  {
    revision: 1,
    spec,
    runs: [{ runId: 'r1', planId: 'p1', kind: 'deploy', requestedBy: person, approvers: [], startedAt: new Date('2026-12-01T10:00:00Z'), finishedAt: new Date('2026-12-01T10:02:00Z'), cluster: 'local', objects: sent }],
  },
];
const files = renderConfigurationBackup({
  head: { revision: 2, spec },
  deployed,
  inventory: [{ objectId: 'Deployment/personapass-dev/wallet-api', apiVersion: 'apps/v1', runId: 'r1', appliedAt: new Date('2026-12-01T10:01:00Z') }],
  exportedAt: new Date('2026-12-02T00:00:00Z'),
});

describe('a configuration backup folder', () => {
  it('holds the head spec, its render, each deployed revision with its runs and objects, and the inventory', () => {
    expect(JSON.parse(files['spec.json']!)).toEqual(spec);
    expect(files['rendered/kustomization.yaml']).toContain('deployment/wallet-api.yaml');
    expect(files['rendered/deployment/wallet-api.yaml']).toContain('kind: Deployment');
    expect(JSON.parse(files['revisions/1/spec.json']!)).toEqual(spec);
    const [run] = JSON.parse(files['revisions/1/runs.json']!);
    expect(run).toMatchObject({ runId: 'r1', requestedBy: { email: 'ada@example.com' }, finishedAt: '2026-12-01T10:02:00.000Z' });
    expect(run.objects).toContainEqual({ objectId: 'Deployment/personapass-dev/wallet-api', action: 'create' });
    expect(files['revisions/1/objects/deployment/wallet-api.yaml']).toContain('kind: Deployment');
    expect(JSON.parse(files['inventory.json']!)).toEqual([{ objectId: 'Deployment/personapass-dev/wallet-api', apiVersion: 'apps/v1', runId: 'r1', appliedAt: '2026-12-01T10:01:00.000Z' }]);
    const manifest = backupManifestSchema.parse(JSON.parse(files['personapass-backup.json']!));
    expect(manifest).toMatchObject({ environment: 'dev', headRevision: 2, deployedRevisions: [1], namespace: spec.namespace });
  });

  it('leaves every Secret out, in the render and in what runs sent, and lists them', () => {
    const secrets = sent.filter((o) => (o.desired as { kind: string }).kind === 'Secret').map((o) => o.objectId);
    expect(secrets.length).toBeGreaterThan(0);
    expect(Object.keys(files).filter((f) => f.includes('/secret/'))).toEqual([]);
    expect(Object.values(files).some((text) => /^kind: Secret$/m.test(text))).toBe(false);
    expect(JSON.parse(files['personapass-backup.json']!).omittedSecrets).toEqual(expect.arrayContaining(secrets));
  });

  it('lists its rendered files in the kustomization, so the folder applies with kubectl apply -k', () => {
    const listed = (parse(files['rendered/kustomization.yaml']!) as { resources: string[] }).resources.map((file) => `rendered/${file}`);
    expect(listed.length).toBeGreaterThan(20);
    for (const file of listed) expect(files[file]).toBeDefined();
  });
});
