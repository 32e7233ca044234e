import { describe, expect, it } from 'vitest';
import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { checkDeploymentSelectors } from './deployment-selectors';
import { find } from './fixtures';
import { policyChecks } from './policy-checks';
import type { PlainObject } from './problem';
import { checkRouteWeights } from './route-weights';

function withCanary(name: string, tier: Tier): EnvironmentSpec {
  const spec = starterSpec(name, tier);
  spec.components['wallet-api'].canary = {
    image: { repository: 'registry.personapass.io/personapass/wallet-api', tag: '2.4.0-rc.1' },
    replicas: 2,
    weightPercent: 10,
    header: { name: 'x-personapass-track', value: 'canary' },
  };
  return environmentSpecSchema.parse(spec);
}

const render = (spec: EnvironmentSpec) => renderPlatform(spec).map(toPlain) as PlainObject[];

describe.each([
  ['staging', 'staging'],
  ['prod', 'production'],
] as const)('a wallet-api canary in %s', (name, tier) => {
  const spec = withCanary(name, tier);
  const ns = `personapass-${name}`;

  it('renders a canary Deployment beside the stable one that no other selector takes, and passes every policy check', () => {
    const objects = render(spec);
    expect(policyChecks.flatMap((check) => check(objects, { spec }))).toEqual([]);
    const stable = find(objects, 'Deployment', 'wallet-api', ns);
    const canary = find(objects, 'Deployment', 'wallet-api-canary', ns);
    // The stable selector is what it always was (immutable on a live cluster).
    expect(stable.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'wallet-api', 'app.kubernetes.io/instance': `wallet-api-${name}` });
    expect(canary.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'wallet-api', 'app.kubernetes.io/instance': `wallet-api-canary-${name}` });
    const pod = canary.spec.template;
    expect(pod.metadata.labels).toMatchObject({ 'personapass.dev/track': 'canary', 'app.kubernetes.io/version': '2.4.0-rc.1' });
    expect(pod.spec.containers[0].image).toBe('registry.personapass.io/personapass/wallet-api:2.4.0-rc.1');
    expect(canary.spec.replicas).toBe(2);
    // Same ServiceAccount, config, probes and hardening as the stable pods.
    const stablePod = stable.spec.template.spec;
    expect(pod.spec.serviceAccountName).toBe('wallet-api');
    expect({ ...pod.spec.containers[0], image: undefined }).toEqual({ ...stablePod.containers[0], image: undefined });
    expect(pod.spec.securityContext).toEqual(stablePod.securityContext);
    // KEDA scales the stable Deployment only; the Service and the mesh policies take both tracks.
    expect(find(objects, 'ScaledObject', 'wallet-api', ns).spec.scaleTargetRef.name).toBe('wallet-api');
    expect(find(objects, 'Service', 'wallet-api', ns).spec.selector).toEqual({ 'app.kubernetes.io/name': 'wallet-api', 'personapass.dev/environment': name });
    expect(find(objects, 'PodDisruptionBudget', 'wallet-api-canary', ns).spec.selector.matchLabels).toEqual(canary.spec.selector.matchLabels);
  });

  it('routes the header to the canary first, then splits the rest 90/10', () => {
    const objects = render(spec);
    const internal = find(objects, 'VirtualService', 'wallet-api', ns).spec.http;
    expect(internal.map((r: { name: string }) => r.name)).toEqual(['canary-header', 'default']);
    expect(internal[0].match).toEqual([{ headers: { 'x-personapass-track': { exact: 'canary' } } }]);
    expect(internal[0].route).toEqual([{ destination: expect.objectContaining({ subset: 'canary' }), weight: 100 }]);
    expect(internal[1].route.map((r: { weight: number }) => r.weight)).toEqual([90, 10]);
    const publicRoutes = find(objects, 'VirtualService', 'public', ns).spec.http;
    const header = publicRoutes.find((r: { name: string }) => r.name === 'wallet-api-canary-header');
    expect(header.match).toEqual([{ uri: { prefix: '/wallet/' }, headers: { 'x-personapass-track': { exact: 'canary' } } }]);
    expect(publicRoutes.findIndex((r: { name: string }) => r.name === 'wallet-api-canary-header')).toBeLessThan(publicRoutes.findIndex((r: { name: string }) => r.name === 'wallet-api'));
  });
});

describe('canary policy checks', () => {
  const spec = withCanary('prod', 'production');

  it('route-weights reports weights that do not add up to 100', () => {
    const objects = render(spec);
    find(objects, 'VirtualService', 'wallet-api').spec.http[1].route[1].weight = 30;
    expect(checkRouteWeights(objects, { spec })).toContainEqual(
      expect.objectContaining({ object: 'VirtualService/personapass-prod/wallet-api', path: 'spec.http[1].route', message: 'route weights add up to 120, not 100' }),
    );
  });

  it('route-weights reports traffic to a canary subset with no pods', () => {
    const objects = render(spec);
    objects.splice(objects.indexOf(find(objects, 'Deployment', 'wallet-api-canary')), 1);
    expect(checkRouteWeights(objects, { spec })).toContainEqual(
      expect.objectContaining({
        object: 'VirtualService/personapass-prod/wallet-api',
        path: 'spec.http[1].route[1].destination',
        message: expect.stringMatching(/sends 10% to wallet-api.personapass-prod.svc.cluster.local subset canary, which no pod template serves/),
      }),
    );
  });

  it('deployment-selectors reports a stable selector that also selects the canary pods', () => {
    const objects = render(spec);
    // The canary as a naive copy would label it: the stable instance, told apart only by its track.
    find(objects, 'Deployment', 'wallet-api-canary').spec.template.metadata.labels['app.kubernetes.io/instance'] = 'wallet-api-prod';
    expect(checkDeploymentSelectors(objects, { spec })).toContainEqual(
      expect.objectContaining({ object: 'Deployment/personapass-prod/wallet-api', path: 'spec.selector.matchLabels', message: expect.stringMatching(/wallet-api-canary/) }),
    );
  });

  it('refuses a canary on a component that serves no requests, and more canary replicas than production nodes', () => {
    const bad = structuredClone(spec) as unknown as { components: Record<string, Record<string, unknown>> };
    bad.components['credential-worker']!.canary = spec.components['wallet-api'].canary;
    (bad.components['wallet-api']!.canary as { replicas: number }).replicas = 6;
    const result = environmentSpecSchema.safeParse(bad);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['components.wallet-api.canary.replicas', 'components.credential-worker.canary']);
  });
});
