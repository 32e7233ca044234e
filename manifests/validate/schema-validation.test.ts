import { describe, expect, it } from 'vitest';
import { renderPlatform } from '../render-platform';
import { prodSpec } from './fixtures';
import { checkSchemas } from './schema-validation';

describe('schema validation', () => {
  it('accepts every rendered object, CRD kinds included', () => {
    expect(checkSchemas(renderPlatform(prodSpec))).toEqual([]);
  });

  it('reports a field of the wrong type with its path', () => {
    const objects = renderPlatform(prodSpec);
    const vs = objects.find((o) => o.kind === 'VirtualService' && o.metadata?.name === 'wallet-api') as unknown as {
      spec: { http: { route: { weight: unknown }[] }[] };
    };
    vs.spec.http[0]!.route[0]!.weight = 'most';
    expect(checkSchemas(objects)).toContainEqual(
      expect.objectContaining({ object: 'VirtualService/personapass-prod/wallet-api', path: 'spec.http[0].route[0].weight', check: 'schema' }),
    );
  });

  it('reports an invalid CPU quantity in a Deployment', () => {
    const objects = renderPlatform(prodSpec);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === 'identity-service') as unknown as {
      spec: { template: { spec: { containers: { resources: { limits: { cpu: string } } }[] } } };
    };
    deployment.spec.template.spec.containers[0]!.resources.limits.cpu = 'two cores';
    expect(checkSchemas(objects)).toContainEqual(
      expect.objectContaining({ path: 'spec.template.spec.containers[0].resources.limits.cpu', check: 'schema' }),
    );
  });
});
