import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
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
