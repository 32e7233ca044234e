import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';

// One Grafana, as a platform team runs it: its sidecars load the dashboards and datasources of every
// environment on the cluster into the same instance, files side by side in one folder.
const environments: [string, Tier][] = [
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
  ['an-environment-named-with-forty-letters1', 'staging'],
];

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
}

function loadedByGrafana() {
  return environments.map(([name, tier]) => {
    const objects = renderPlatform(starterSpec(name, tier)).map(toPlain) as PlainObject[];
    const data = (label: string) =>
      objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.[label] === '1').flatMap((o) => Object.entries((o.data ?? {}) as Record<string, string>));
    const dashboards = data('grafana_dashboard').map(([file, json]) => ({ file, ...(JSON.parse(json) as { uid: string; title: string; panels: { datasource: { uid: string } }[] }) }));
    const datasources = data('grafana_datasource').flatMap(([file, text]) => (parse(text) as { datasources: Datasource[] }).datasources.map((d) => ({ file, ...d })));
    return { name, dashboards, datasources };
  });
}

const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('dashboards and datasources of several environments in one Grafana', () => {
  it('never share a uid, a title, a file name or a datasource name', () => {
    const all = loadedByGrafana();
    const dashboards = all.flatMap((e) => e.dashboards);
    const datasources = all.flatMap((e) => e.datasources);
    expect(dashboards.length).toBe(5 * environments.length);
    expect(duplicates(dashboards.map((d) => d.uid))).toEqual([]);
    expect(duplicates(dashboards.map((d) => d.title))).toEqual([]);
    expect(duplicates(dashboards.map((d) => d.file))).toEqual([]);
    expect(duplicates(datasources.map((d) => d.uid))).toEqual([]);
    expect(duplicates(datasources.map((d) => d.name))).toEqual([]);
    expect(duplicates(all.flatMap((e) => [...new Set(e.datasources.map((d) => d.file))]))).toEqual([]);
    for (const uid of [...dashboards, ...datasources].map((d) => d.uid)) expect(uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
  });

  it('query their own environment’s Prometheus', () => {
    for (const { name, dashboards, datasources } of loadedByGrafana()) {
      const prometheus = datasources.filter((d) => d.type === 'prometheus');
      expect(prometheus).toHaveLength(1);
      expect(prometheus[0]?.url).toBe(`http://prometheus-operated.personapass-${name}-monitoring.svc.cluster.local:9090`);
      for (const panel of dashboards.flatMap((d) => d.panels)) expect(panel.datasource.uid).toBe(prometheus[0]?.uid);
    }
  });
});
