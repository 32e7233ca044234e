import { describe, expect, it } from 'vitest';
import { find, prodObjects, prodSpec, problemsByEnvironment } from './fixtures';
import { checkLocalRateLimits } from './local-rate-limits';
import type { PlainObject } from './problem';

const filterOf = (objects: PlainObject[], component = 'wallet-api') => find(objects, 'EnvoyFilter', `${component}-local-rate-limit`);
const configOf = (filter: PlainObject) => filter.spec.configPatches[0].patch.value.typed_config;

describe('local-rate-limits policy', () => {
  it('passes on every starter environment', () => {
    expect(problemsByEnvironment(checkLocalRateLimits)).toEqual({ dev: [], staging: [], prod: [] });
  });

  it('renders one EnvoyFilter per limited component, with the token bucket of its spec', () => {
    const objects = prodObjects();
    expect(objects.filter((o) => o.kind === 'EnvoyFilter').map((o) => o.metadata.name)).toEqual(['identity-service-local-rate-limit', 'wallet-api-local-rate-limit']);
    const limit = prodSpec.components['wallet-api'].rateLimit!;
    expect(configOf(filterOf(objects)).token_bucket).toEqual({ max_tokens: limit.burst, tokens_per_fill: limit.requestsPerSecond, fill_interval: '1s' });
  });

  const cases: { name: string; breakIt: (o: PlainObject[]) => void; object: string; path: string; message: RegExp }[] = [
    {
      name: 'a limited component without its EnvoyFilter',
      breakIt: (o) => o.splice(o.indexOf(filterOf(o)), 1),
      object: 'Deployment/personapass-prod/wallet-api',
      path: 'spec.template.metadata.labels',
      message: /limits wallet-api to 150 requests\/s per pod, but no EnvoyFilter selects these pods/,
    },
    {
      name: 'a token bucket other than the spec',
      breakIt: (o) => (configOf(filterOf(o)).token_bucket.tokens_per_fill = 1500),
      object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit',
      path: 'spec.configPatches[0].patch.value.typed_config.token_bucket',
      message: /the spec says 300 tokens, 150 per 1s/,
    },
    {
      name: 'a limit only reported, not enforced',
      breakIt: (o) => (configOf(filterOf(o)).filter_enforced.default_value.numerator = 0),
      object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit',
      path: 'spec.configPatches[0].patch.value.typed_config',
      message: /enabled and enforced for 100%/,
    },
    {
      name: 'an EnvoyFilter that is no local rate limit (Lua)',
      breakIt: (o) => {
        const patch = filterOf(o).spec.configPatches[0].patch;
        patch.value = { name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', default_source_code: { inline_string: '' } } };
      },
      object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit',
      path: 'spec.configPatches',
      message: /is not a local rate limit/,
    },
    {
      name: 'an EnvoyFilter over every pod of the namespace',
      breakIt: (o) => delete filterOf(o).spec.workloadSelector,
      object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit',
      path: 'spec.workloadSelector',
      message: /applies to every pod of the namespace/,
    },
    {
      name: 'an EnvoyFilter over a component the spec does not limit',
      breakIt: (o) => (filterOf(o).spec.workloadSelector.labels['app.kubernetes.io/name'] = 'credential-worker'),
      object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit',
      path: 'spec.workloadSelector.labels',
      message: /limits credential-worker, whose spec sets no rate limit/,
    },
    {
      name: 'a limit on the wrong port',
      breakIt: (o) => (filterOf(o).spec.configPatches[0].match.listener.portNumber = 9090),
      object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit',
      path: 'spec.configPatches[0].match.listener.portNumber',
      message: /serving port 8080/,
    },
  ];

  it.each(cases)('reports $name', ({ breakIt, object, path, message }) => {
    const objects = prodObjects();
    breakIt(objects);
    expect(checkLocalRateLimits(objects, { spec: prodSpec })).toContainEqual(expect.objectContaining({ object, path, message: expect.stringMatching(message) }));
  });

  it('reports a limit in the spec that nothing renders', () => {
    const spec = structuredClone(prodSpec);
    delete spec.components['wallet-api'].rateLimit;
    expect(checkLocalRateLimits(prodObjects(), { spec })).toContainEqual(
      expect.objectContaining({ object: 'EnvoyFilter/personapass-prod/wallet-api-local-rate-limit', message: expect.stringMatching(/whose spec sets no rate limit/) }),
    );
  });
});
