import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { objectId } from './kube-object';
import { ruleGroups } from './monitoring/prometheus-rule';
import { renderFiles } from './render-files';
import { renderPlatform } from './render-platform';

const environments: [string, Tier][] = [
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
];

function asText(spec: EnvironmentSpec): string {
  const files = renderFiles(renderPlatform(spec));
  return Object.entries(files)
    .map(([file, content]) => `# ${file}\n${content}`)
    .join('---\n');
}

describe('renderPlatform', () => {
  it.each(environments)('renders %s exactly as its golden file', async (name, tier) => {
    await expect(asText(starterSpec(name, tier))).toMatchFileSnapshot(`__golden__/${name}.yaml`);
  });

  it.each(environments)('renders %s byte for byte the same twice', (name, tier) => {
    expect(asText(starterSpec(name, tier))).toBe(asText(starterSpec(name, tier)));
  });

  it('renders production with at least 50 objects, none named twice', () => {
    const objects = renderPlatform(starterSpec('prod', 'production'));
    expect(objects.length).toBeGreaterThanOrEqual(50);
    const ids = objects.map(objectId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('renders no Secret with credentials: only the Alertmanager routing, whose receivers read files', () => {
    const secrets = renderPlatform(starterSpec('prod', 'production')).filter((o) => o.kind === 'Secret');
    expect(secrets.map(objectId)).toEqual(['Secret/personapass-prod-monitoring/alertmanager-personapass']);
    const routing = JSON.stringify(secrets[0]?.toJSON());
    expect(routing).not.toMatch(/api_url:|routing_key:|password:|token:/);
    expect(routing).toMatch(/api_url_file/);
  });

  it('renders nothing of a disabled component', () => {
    const spec = starterSpec('prod', 'production');
    spec.components['credential-worker'].enabled = false;
    const ids = renderPlatform(spec).map(objectId);
    expect(ids.filter((id) => id.endsWith('/credential-worker'))).toEqual([]);
    expect(ids.filter((id) => id.includes('credential-worker'))).toEqual([]);
  });

  it('scales the worker to zero outside production only, and omits replicas where KEDA owns them', () => {
    const worker = (tier: Tier) =>
      renderPlatform(starterSpec('x', tier)).find((o) => o.kind === 'ScaledObject' && o.metadata?.name === 'credential-worker')?.toJSON() as
        | { spec: { minReplicaCount: number } }
        | undefined;
    expect(worker('staging')?.spec.minReplicaCount).toBe(0);
    expect(worker('production')?.spec.minReplicaCount).toBe(3);
    expect(worker('development')?.spec.minReplicaCount).toBe(0);
    const deployment = renderPlatform(starterSpec('x', 'staging')).find((o) => o.kind === 'Deployment' && o.metadata?.name === 'wallet-api');
    expect((deployment?.toJSON() as { spec: object }).spec).not.toHaveProperty('replicas');
  });

  it('carries the tracing sampling ratio and at least 25 alerts with severity, summary and runbook', () => {
    const spec = starterSpec('prod', 'production');
    const telemetry = renderPlatform(spec).find((o) => o.kind === 'Telemetry')?.toJSON() as { spec: { tracing: { randomSamplingPercentage: number }[] } };
    expect(telemetry.spec.tracing[0]?.randomSamplingPercentage).toBe(5);
    for (const [name, tier] of environments) {
      const rules = ruleGroups(starterSpec(name, tier)).flatMap((g) => g.rules);
      expect(rules.length).toBeGreaterThanOrEqual(25);
      for (const rule of rules) {
        expect(rule.labels.severity).toMatch(rule.alert === 'PersonaPassWatchdog' ? /^none$/ : /^(critical|warning)$/);
        expect(rule.annotations.summary).toBeTruthy();
        expect(rule.annotations.runbook_url).toMatch(/^https:\/\//);
      }
    }
  });
});
