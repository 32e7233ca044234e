import { describe, expect, it } from 'vitest';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { find, problemsByEnvironment, prodObjects, prodSpec, withPlatformGrafana } from './fixtures';
import { checkGatewayHosts } from './gateway-hosts';
import type { PlainObject } from './problem';

const messages = (objects: PlainObject[], spec = prodSpec) => checkGatewayHosts(objects, { spec }).map((p) => `${p.path}: ${p.message}`);

describe('checkGatewayHosts', () => {
  it('finds only the environment’s own hosts on its Gateway in dev, staging and prod', () => {
    expect(problemsByEnvironment(checkGatewayHosts)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('accepts the environment’s own Grafana host beside its API host', () => {
    const spec = withPlatformGrafana(prodSpec);
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    expect(find(objects, 'Gateway', 'personapass-gateway').spec.servers[0].hosts).toEqual(['prod.api.personapass.io', 'grafana.prod.personapass.io']);
    expect(messages(objects, spec)).toEqual([]);
  });

  it.each([
    ['another environment’s API host', 'dev.api.personapass.io'],
    ['another environment’s API host behind a namespace', 'personapass-dev/dev.api.personapass.io'],
    ['the Grafana host of a spec that runs none', 'grafana.prod.personapass.io'],
    ['a wildcard', '*'],
  ])('reports %s', (_, host) => {
    const objects = prodObjects();
    find(objects, 'Gateway', 'personapass-gateway').spec.servers[1].hosts.push(host);
    expect(messages(objects)).toEqual([`spec.servers[1].hosts[1]: ${host} is not this environment's host (prod.api.personapass.io): on the shared ingress gateway it would claim another environment's`]);
  });
});
