import { describe, expect, it } from 'vitest';
import { availabilityQuery } from '@/lib/core/status/availability';
import { promqlExprTest, storedIstioRequests } from '@/lib/test-support/promql-expr-test';
import { type IstioPeer, type IstioRequest, ingressGatewayPeer } from './istio-scrape';
import { recordingRuleGroups } from './prometheus-rule';
import { prodObjects } from '../validate/fixtures';

// The status page's availability, evaluated by the real promtool over the series a real Istio scrape
// holds (the rendered PodMonitors' labels), with the rendered recording rules both figures read.
const app = 'personapass-prod';
const wallet: IstioPeer = { workload: 'wallet-api', namespace: app, serviceAccount: 'wallet-api', version: '2.3.0' };
const worker: IstioPeer = { workload: 'credential-worker', namespace: app, serviceAccount: 'credential-worker' };
const outsideMesh: IstioPeer = { workload: 'unknown', namespace: 'unknown', serviceAccount: 'unknown' };

const objects = prodObjects();
const series = (values: string, request: IstioRequest) => storedIstioRequests(values, request, objects);

// Per minute: the gateway sends wallet-api 120 requests; 30 find no healthy upstream (its pods gone:
// the gateway's Envoy answers 503 UH itself, knowing no destination workload or namespace), the 90
// that got through are reported by wallet-api's sidecar too and must not count twice. Callers outside
// the mesh send credential-worker 60, 15 answered 500: only its sidecar reports them.
// Availability: 1 − (30 + 15) / (120 + 60) = 0.75.
const input = [
  series('0+90x30', { reporter: 'source', source: ingressGatewayPeer, destination: wallet, code: '200' }),
  series('0+30x30', { reporter: 'source', source: ingressGatewayPeer, destination: wallet, code: '503', flags: 'UH', hostPicked: false }),
  series('0+90x30', { reporter: 'destination', source: ingressGatewayPeer, destination: wallet, code: '200' }),
  series('0+45x30', { reporter: 'destination', source: outsideMesh, destination: worker, code: '200' }),
  series('0+15x30', { reporter: 'destination', source: outsideMesh, destination: worker, code: '500' }),
];

describe('availability on a real Istio scrape', () => {
  it('24 h: counts the 503s the gateway made itself, once, with the services only their sidecars report on', async () => {
    expect(await promqlExprTest(input, availabilityQuery(app, '24h'), [{ labels: '{}', value: 0.75 }], '30m', '1m', recordingRuleGroups())).toContain('SUCCESS');
  }, 30_000);

  it('7 d: the same figure', async () => {
    expect(await promqlExprTest(input, availabilityQuery(app, '7d'), [{ labels: '{}', value: 0.75 }], '30m', '1m', recordingRuleGroups())).toContain('SUCCESS');
  }, 30_000);

  it('records per namespace and service the callers’ view where there is one, else the sidecars’', async () => {
    const [requests, errors] = recordingRuleGroups()[0]!.rules;
    const at = (value: number) => (service: string) => ({ labels: `{destination_service_name="${service}",namespace="${app}"}`, value });
    expect(await promqlExprTest(input, requests!.expr, [at(1)('credential-worker'), at(2)('wallet-api')], '30m')).toContain('SUCCESS');
    expect(await promqlExprTest(input, errors!.expr, [at(0.25)('credential-worker'), at(0.5)('wallet-api')], '30m')).toContain('SUCCESS');
  }, 30_000);
});

// 40 minutes: callers outside the mesh send the worker 60 a minute, half answered 500 (only its
// sidecar reports them). Then 20 minutes: wallet-api (meshed) sends it 60 a minute, all 200.
// Availability over the hour: 1 − 1200 / 3600 ≈ 0.67, far below 0.9.
const gainsMeshedCaller = [
  series('0+30x40 1200x20', { reporter: 'destination', source: outsideMesh, destination: worker, code: '200' }),
  series('0+30x40 1200x20', { reporter: 'destination', source: outsideMesh, destination: worker, code: '500' }),
  series('_x40 0+60x20', { reporter: 'source', source: wallet, destination: worker, code: '200' }),
  series('_x40 0+60x20', { reporter: 'destination', source: wallet, destination: worker, code: '200' }),
];

describe('availability when a service gains a meshed caller within the window', () => {
  it('7 d (recorded per step) counts the 40 minutes of 500s', async () => {
    expect(await promqlExprTest(gainsMeshedCaller, `(${availabilityQuery(app, '7d')}) < bool 0.9`, [{ labels: '{}', value: 1 }], '60m', '1m', recordingRuleGroups())).toContain('SUCCESS');
  }, 30_000);

  it('24 h counts them too, instead of showing the hour as fully available', async () => {
    expect(await promqlExprTest(gainsMeshedCaller, `(${availabilityQuery(app, '24h')}) < bool 0.9`, [{ labels: '{}', value: 1 }], '60m', '1m', recordingRuleGroups())).toContain('SUCCESS');
  }, 30_000);
});
