// The console deploys with its own least-privilege ServiceAccount, not as cluster-admin: each seeded
// environment must pass a server-side dry-run of every object with the console's credentials.
import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { kubeServerDryRun } from '@/lib/adapters/kubernetes/kube-server-apply';
import { consoleKubeConfig } from '@/scripts/stack/test-support';
import { toPlain } from './kube-object';
import { renderPlatform } from './render-platform';
import { withPlatformGrafana } from './validate/fixtures';
import type { PlainObject } from './validate/problem';
import { walletCanary } from './validate/fixtures';
import { checkWithServerDryRun } from './validate/server-dry-run';

describe.each([
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
] as const)('the console ServiceAccount and %s', (env, tier) => {
  it('may apply every object of the platform (dry-run), namespaces included', async () => {
    const objects = renderPlatform(starterSpec(env, tier)).map(toPlain) as PlainObject[];
    expect(await checkWithServerDryRun(objects, kubeServerDryRun(consoleKubeConfig()))).toEqual([]);
  });

  it('may apply a wallet-api canary (Deployment, budget, subset, header and weighted routes) as well (dry-run)', async () => {
    const spec = starterSpec(env, tier);
    spec.components['wallet-api'].canary = walletCanary();
    const objects = (renderPlatform(spec).map(toPlain) as PlainObject[]).filter((o) => ['Deployment', 'PodDisruptionBudget', 'Service', 'DestinationRule', 'VirtualService'].includes(o.kind));
    expect(objects.some((o) => o.metadata.name === 'wallet-api-canary')).toBe(true);
    expect(await checkWithServerDryRun(objects, kubeServerDryRun(consoleKubeConfig()))).toEqual([]);
  });
});

describe('the console ServiceAccount and dev running its own Grafana', () => {
  it('may apply every object of it (dry-run): Grafana, its mesh objects, the namespace without an injection label', async () => {
    const objects = renderPlatform(withPlatformGrafana(starterSpec('dev', 'development'))).map(toPlain) as PlainObject[];
    expect(await checkWithServerDryRun(objects, kubeServerDryRun(consoleKubeConfig()))).toEqual([]);
  });
});

describe('the console ServiceAccount outside the platform', () => {
  it('may not apply the platform into a namespace it was not given', async () => {
    const spec = { ...starterSpec('dev', 'development'), name: 'intruder', namespace: 'personapass-intruder' };
    const deployments = renderPlatform(spec).map(toPlain).filter((o) => o.kind === 'Deployment') as PlainObject[];
    const problems = await checkWithServerDryRun(deployments, kubeServerDryRun(consoleKubeConfig()));
    expect(problems.length).toBe(deployments.length);
    expect(problems[0]?.message).toContain('403');
  });
});
