import type { Canary, EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject, PolicyCheck, Problem } from './problem';

export const prodSpec: EnvironmentSpec = starterSpec('prod', 'production');

/** The rendered production platform as plain JSON, to break one thing at a time. */
export function prodObjects(): PlainObject[] {
  return renderPlatform(prodSpec).map(toPlain) as PlainObject[];
}

export function find(objects: PlainObject[], kind: string, name: string, namespace = 'personapass-prod'): PlainObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? namespace) === namespace);
  if (!found) throw new Error(`fixture: no ${kind}/${namespace}/${name}`);
  return found;
}

/** The environment with a Grafana the platform runs, at its own host (starter specs use the cluster's). */
export function withPlatformGrafana(spec: EnvironmentSpec): EnvironmentSpec {
  return {
    ...spec,
    observability: { ...spec.observability, grafanaUrl: `https://grafana.${spec.name}.personapass.io`, grafana: { run: true } },
  };
}

export const walletPod = (objects: PlainObject[]) => find(objects, 'Deployment', 'wallet-api').spec.template.spec;

const starterEnvironments: [string, Tier][] = [
  ['dev', 'development'],
  ['staging', 'staging'],
  ['prod', 'production'],
];

/** A check's problems on the starter platform of each tier, by environment name. */
export function problemsByEnvironment(check: PolicyCheck): Record<string, Problem[]> {
  return Object.fromEntries(
    starterEnvironments.map(([name, tier]) => {
      const spec = starterSpec(name, tier);
      return [name, check(renderPlatform(spec).map(toPlain) as PlainObject[], { spec })];
    }),
  );
}

/** A wallet-api release candidate beside the stable pods: 10% of the traffic, all of it with the header. */
export function walletCanary(): Canary {
  return {
    image: { repository: 'registry.personapass.io/personapass/wallet-api', tag: '2.4.0-rc.1' },
    replicas: 2,
    weightPercent: 10,
    header: { name: 'x-personapass-track', value: 'canary' },
  };
}
