import { beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { configureRouteEnv, call, tokenFor } from '@/lib/test-support/route-harness';
import { getDeps } from '@/lib/server/deps';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as environmentsRoute from './environments/route';
import * as revisionsRoute from './environments/[name]/revisions/route';

let operator: string;

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  operator = (await tokenFor('operator')).token;
});

function createWith(spec: unknown) {
  return call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec, changeNote: 'bounds' } });
}

describe('REST API: input bounds', () => {
  it('answers 404 for the revisions of a missing environment, with or without a cursor', async () => {
    const missing = unique('missing');
    for (const query of ['', '?cursor=5', '?cursor=1&limit=10']) {
      const response = await call(revisionsRoute.GET, { path: `/api/v1/environments/${missing}/revisions${query}`, params: { name: missing }, token: operator });
      expect({ query, status: response.status, code: response.body.error?.code }).toEqual({ query, status: 404, code: 'not_found' });
    }
    const name = unique('paged');
    expect((await createWith(starterSpec(name, 'development'))).status).toBe(201);
    const pastTheEnd = await call(revisionsRoute.GET, { path: `/api/v1/environments/${name}/revisions?cursor=1`, params: { name }, token: operator });
    expect(pastTheEnd).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });

  it('refuses observability URLs with credentials or another scheme, and resources above their bounds, with field paths', async () => {
    const name = unique('bounds');
    const spec = starterSpec(name, 'development');
    spec.observability.prometheusUrl = 'https://scraper:s3cret@prometheus.example.com';
    spec.observability.jaegerUrl = 'gopher://jaeger.example.com';
    spec.components['wallet-api'].resources.limits.cpu = '99999999999';
    spec.components['wallet-api'].resources.limits.memory = '4Ti';
    const response = await createWith(spec);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(response.body.error.details.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'spec.components.wallet-api.resources.limits.cpu',
      'spec.components.wallet-api.resources.limits.memory',
      'spec.observability.jaegerUrl',
      'spec.observability.prometheusUrl',
    ]);
    expect(JSON.stringify(response.body)).not.toContain('s3cret');
  });
});
