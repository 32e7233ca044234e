// Review probe (SRE): silences joined to Prometheus' alerts as a real Prometheus Operator deployment
// shapes them. The rendered Prometheus (manifests/monitoring/prometheus.ts) has externalLabels
// {environment, cluster}, and the operator adds `prometheus: <ns>/<name>` as well: Prometheus adds
// external labels to the alerts it SENDS to Alertmanager, never to its own /api/v1/alerts. The two
// APIs here answer with exactly those shapes (loopback stand-ins for the two servers).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { PrometheusAlertSource } from './prometheus-alert-source';

const ruleLabels = { alertname: 'WalletApiHighErrorRate', severity: 'critical', environment: 'prod', destination_workload: 'wallet-api' };
const external = { cluster: 'prod-eu', prometheus: 'personapass-prod-monitoring/personapass' };
const silence = {
  id: 's-1',
  createdBy: 'oncall',
  comment: 'known incident INC-42',
  startsAt: '2025-06-02T11:00:00Z',
  endsAt: '2025-06-02T15:00:00Z',
  updatedAt: '2025-06-02T11:00:00Z',
  status: { state: 'active' },
  matchers: [{ name: 'alertname', value: 'WalletApiHighErrorRate', isRegex: false, isEqual: true }],
};

const servers: Server[] = [];
async function serve(routes: Record<string, unknown>): Promise<string> {
  const server = createServer((request, response) => {
    const body = routes[(request.url ?? '').split('?')[0]!];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => servers.forEach((server) => server.close()));

describe('probe: silences on a Prometheus with external labels', () => {
  it('a firing alert silenced in Alertmanager is shown as silenced', async () => {
    const prometheusUrl = await serve({
      '/api/v1/alerts': { status: 'success', data: { alerts: [{ labels: ruleLabels, annotations: { summary: 'wallet-api 5xx above 5%' }, state: 'firing', activeAt: '2025-06-02T11:30:00Z', value: '0.08' }] } },
    });
    const alertmanagerUrl = await serve({
      '/api/v2/alerts': [{ labels: { ...ruleLabels, ...external }, annotations: {}, fingerprint: 'f1', status: { state: 'suppressed', silencedBy: ['s-1'], inhibitedBy: [] } }],
      '/api/v2/silences': [silence],
    });
    const answer = await new PrometheusAlertSource().findAlerts({ prometheusUrl, alertmanagerUrl }, 'prod');
    expect(answer.alerts).toHaveLength(1);
    // HEAD: [] — labelKey(Prometheus labels) never equals labelKey(Alertmanager labels + cluster + prometheus).
    expect(answer.alerts[0]!.silencedBy?.map((s) => s.id)).toEqual(['s-1']);
  });
});
