import { beforeAll, describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getDeps } from '@/lib/server/deps';
import { call, configureRouteEnv, tokenFor } from '@/lib/test-support/route-harness';
import { ensureCluster, unique } from '@/lib/test-support/test-deps';
import * as environmentsRoute from './environments/route';
import * as dashboardsRoute from './environments/[name]/dashboards/route';

// Grafana cannot run in this stack: the route is checked for the links it builds from the
// environment's spec, not against a live Grafana.

let viewer: string;
let operator: string;

async function createEnvironment(name: string, observability: Record<string, unknown>, monitoring = true) {
  const base = starterSpec(name, 'development');
  const spec = { ...base, namespace: unique('ns-dash'), toggles: { ...base.toggles, monitoring }, observability: { ...base.observability, ...observability } };
  const created = await call(environmentsRoute.POST, { method: 'POST', path: '/api/v1/environments', token: operator, body: { spec, changeNote: 'dashboards test' } });
  expect(created.status).toBe(201);
}

const dashboards = (name: string, query = '') => call(dashboardsRoute.GET, { path: `/api/v1/environments/${name}/dashboards?${query}`, params: { name }, token: viewer });

beforeAll(async () => {
  configureRouteEnv();
  await ensureCluster(getDeps());
  [viewer, operator] = [(await tokenFor('viewer')).token, (await tokenFor('operator')).token];
}, 60_000);

describe('GET /api/v1/environments/{name}/dashboards', () => {
  it("answers solo-panel and open links on the environment's Grafana for its range, framed only where configured", async () => {
    const name = unique('dash');
    await createEnvironment(name, { grafanaUrl: 'https://ops.example.com/grafana', grafanaDashboardIds: ['team-board'] });
    const { status, body } = await dashboards(name, 'range=24h');
    expect(status).toBe(200);
    // Not among GRAFANA_FRAME_ORIGINS (unset in tests): the page offers "Open in Grafana" only.
    expect(body.embeddable).toBe(false);
    expect(body.dashboards.map((d: { key: string }) => d.key)).toEqual(['overview', 'application', 'mesh', 'autoscaling', 'security', 'team-board']);
    const application = body.dashboards[1];
    expect(application.url).toBe(`https://ops.example.com/grafana/d/${application.uid}?orgId=1&from=now-24h&to=now`);
    expect(application.panels[0]).toEqual({ id: 1, title: 'Requests per second', soloUrl: `https://ops.example.com/grafana/d-solo/${application.uid}?orgId=1&panelId=1&from=now-24h&to=now` });
    expect(application.uid).toContain(name.slice(0, 10));
  });

  it('has no platform dashboards without monitoring, only the spec’s own', async () => {
    const name = unique('dash-off');
    await createEnvironment(name, { grafanaDashboardIds: ['team-board'] }, false);
    const { status, body } = await dashboards(name);
    expect(status).toBe(200);
    expect(body.range).toBe('1h');
    expect(body.dashboards).toEqual([{ key: 'team-board', uid: 'team-board', title: 'team-board', url: 'http://127.0.0.1:53000/d/team-board?orgId=1&from=now-1h&to=now', panels: [] }]);
  });
});
