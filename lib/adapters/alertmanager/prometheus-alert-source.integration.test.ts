// Against the local stack's Prometheus (the platform's rules of dev, staging and prod) and
// Alertmanager: the always-firing Watchdog of dev, a silence made through Alertmanager's API v2,
// and each system unreachable in turn.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { PrometheusAlertSource } from './prometheus-alert-source';

const host = process.env.PP_HOST ?? '127.0.0.1';
const prometheusUrl = `http://${host}:${process.env.PP_PROM_PORT ?? 59090}`;
const alertmanagerUrl = `http://${host}:${process.env.PP_ALERTMANAGER_PORT ?? 59093}`;
// Nothing listens on the discard port of loopback: connection refused at once.
const nowhere = `http://${host}:9`;
const source = new PrometheusAlertSource({ timeoutMs: 3000 });

describe('PrometheusAlertSource', () => {
  const silences: string[] = [];
  afterAll(async () => {
    for (const id of silences) await fetch(`${alertmanagerUrl}/api/v2/silence/${id}`, { method: 'DELETE' });
  });

  it("lists an environment's firing alerts only, with severity, since, summary and runbook", async () => {
    const found = await source.findAlerts({ prometheusUrl, alertmanagerUrl }, 'dev');
    expect(found.sources).toEqual({ prometheus: { ok: true }, alertmanager: { ok: true } });
    expect(found.alerts.every((a) => a.labels.environment === 'dev')).toBe(true);
    const watchdog = found.alerts.find((a) => a.name === 'PersonaPassWatchdog');
    expect(watchdog).toMatchObject({
      state: 'firing',
      severity: 'none',
      component: null,
      summary: "Always firing: the dead man's switch of dev",
      runbookUrl: 'https://runbooks.personapass.io/alerts/watchdog',
      inhibited: false,
    });
    expect(Date.parse(watchdog!.since)).toBeLessThanOrEqual(Date.now());
  });

  it("names the silences Alertmanager mutes an alert with", async () => {
    const comment = `prometheus-alert-source test ${Date.now()}`;
    const res = await fetch(`${alertmanagerUrl}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: [
          { name: 'alertname', value: 'PersonaPassWatchdog', isRegex: false, isEqual: true },
          { name: 'environment', value: 'dev', isRegex: false, isEqual: true },
        ],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
        createdBy: 'stack-test',
        comment,
      }),
    });
    expect(res.status).toBe(200);
    const { silenceID } = (await res.json()) as { silenceID: string };
    silences.push(silenceID);

    let watchdog;
    for (let i = 0; i < 40 && !watchdog?.silencedBy?.length; i++) {
      if (i) await new Promise((r) => setTimeout(r, 250));
      watchdog = (await source.findAlerts({ prometheusUrl, alertmanagerUrl }, 'dev')).alerts.find((a) => a.name === 'PersonaPassWatchdog');
    }
    expect(watchdog?.silencedBy).toEqual([
      expect.objectContaining({ id: silenceID, createdBy: 'stack-test', comment, matchers: ['alertname="PersonaPassWatchdog"', 'environment="dev"'] }),
    ]);
    // Another environment's Watchdog is not muted by dev's silence.
    const prod = (await source.findAlerts({ prometheusUrl, alertmanagerUrl }, 'prod')).alerts.find((a) => a.name === 'PersonaPassWatchdog');
    expect(prod?.silencedBy).toEqual([]);
  });

  it('still lists the alerts when Alertmanager is unreachable, saying silences are unknown', async () => {
    const found = await source.findAlerts({ prometheusUrl, alertmanagerUrl: nowhere }, 'dev');
    expect(found.sources.prometheus).toEqual({ ok: true });
    expect(found.sources.alertmanager).toMatchObject({ ok: false, message: expect.stringMatching(/^Alertmanager at 127\.0\.0\.1:9 did not answer: /) });
    expect(found.alerts.find((a) => a.name === 'PersonaPassWatchdog')).toMatchObject({ silencedBy: null, inhibited: null });
  });

  it('says Prometheus did not answer instead of claiming no alerts', async () => {
    const found = await source.findAlerts({ prometheusUrl: nowhere, alertmanagerUrl }, 'dev');
    expect(found.alerts).toEqual([]);
    expect(found.sources.prometheus).toMatchObject({ ok: false, message: expect.stringMatching(/^Prometheus at 127\.0\.0\.1:9 did not answer: /) });
  });
});

// From the SRE review: silences joined to Prometheus' alerts as a real Prometheus Operator deployment
// shapes them. The rendered Prometheus (manifests/monitoring/prometheus.ts) has externalLabels
// {environment, cluster}, and the operator adds `prometheus: <ns>/<name>` as well: Prometheus adds
// external labels to the alerts it SENDS to Alertmanager, never to its own /api/v1/alerts. The two
// APIs here answer with exactly those shapes (loopback stand-ins for the two servers).

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

const standIns: Server[] = [];
async function serve(routes: Record<string, unknown>): Promise<string> {
  const server = createServer((request, response) => {
    const body = routes[(request.url ?? '').split('?')[0]!];
    response.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  standIns.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterAll(() => standIns.forEach((server) => server.close()));

describe('PrometheusAlertSource on a Prometheus with external labels', () => {
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
    // Before the fix: [] — the exact Prometheus label set never equalled Alertmanager's (+ cluster + prometheus).
    expect(answer.alerts[0]!.silencedBy?.map((s) => s.id)).toEqual(['s-1']);
  });
});
