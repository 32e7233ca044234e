import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { renderVeleroSchedule } from './velero-schedules';

describe("an environment's Velero Schedule", () => {
  it('backs up production every 15 minutes, kept three days', () => {
    const schedule = renderVeleroSchedule(starterSpec('prod', 'production')) as any;
    expect(schedule).toMatchObject({ apiVersion: 'velero.io/v1', kind: 'Schedule', metadata: { name: 'personapass-prod', namespace: 'velero' } });
    expect(schedule.spec.schedule).toBe('*/15 * * * *');
    expect(schedule.spec.template.ttl).toBe('72h0m0s');
  });

  it('backs up the other tiers daily, with a TTL each', () => {
    for (const [tier, ttl] of [['staging', '720h0m0s'], ['development', '168h0m0s']] as const) {
      const schedule = renderVeleroSchedule(starterSpec('x', tier)) as any;
      expect(schedule.spec.schedule).toBe('0 3 * * *');
      expect(schedule.spec.template.ttl).toBe(ttl);
    }
  });

  it("covers exactly the environment's three namespaces, and labels its backups with the environment", () => {
    const spec = starterSpec('dev', 'development');
    const schedule = renderVeleroSchedule(spec) as any;
    expect(schedule.spec.template.includedNamespaces).toEqual([spec.namespace, `${spec.namespace}-monitoring`, `${spec.namespace}-tracing`]);
    expect(schedule.spec.template.metadata.labels).toEqual({ 'personapass.dev/environment': 'dev' });
  });

  it("takes the PersistentVolumes its namespaces' claims use, into the cluster's default storage location", () => {
    const template = (renderVeleroSchedule(starterSpec('prod', 'production')) as any).spec.template;
    // Unset is Velero's "auto": a namespace subset's objects and the cluster-scoped ones they use;
    // false would leave every PersistentVolume out.
    expect(template).not.toHaveProperty('includeClusterResources');
    expect(template.snapshotVolumes).toBe(true);
    // Unset: the location marked default, whatever it is called (OADP's is not "default").
    expect(template).not.toHaveProperty('storageLocation');
  });
});
