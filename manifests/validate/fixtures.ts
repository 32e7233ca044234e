import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from './problem';

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

export const walletPod = (objects: PlainObject[]) => find(objects, 'Deployment', 'wallet-api').spec.template.spec;
