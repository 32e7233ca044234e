import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { type IstioRequest, ingressGatewayPeer } from './istio-scrape';
import { panelExpr, promqlExprTest, storedIstioRequests } from '@/lib/test-support/promql-expr-test';
import { prodObjects } from '../validate/fixtures';

// Panels evaluated by the real promtool (promql_expr_test) over the series a real Istio scrape holds.
const spec = starterSpec('prod', 'production');
const app = 'personapass-prod';
const wallet = { workload: 'wallet-api', namespace: app, serviceAccount: 'wallet-api', version: '2.3.0' };
const identity = { workload: 'identity-service', namespace: app, serviceAccount: 'identity-service', version: '1.8.2' };

const objects = prodObjects();
const series = (values: string, request: IstioRequest) => storedIstioRequests(values, request, objects);

// Per minute (multiples of 15, so every rate is exact in binary): the gateway sends wallet-api 120
// requests, 30 of which its Envoy answers 503 itself (15 pool overflows, 15 with every host
// ejected); wallet-api's sidecar calls identity-service 60 times, 15 shed by its own Envoy; both
// destinations see only what got through, all answered 200.
const input = [
  series('0+90x20', { reporter: 'source', source: ingressGatewayPeer, destination: wallet, code: '200' }),
  series('0+15x20', { reporter: 'source', source: ingressGatewayPeer, destination: wallet, code: '503', flags: 'UO' }),
  series('0+15x20', { reporter: 'source', source: ingressGatewayPeer, destination: wallet, code: '503', flags: 'UH', hostPicked: false }),
  series('0+90x20', { reporter: 'destination', source: ingressGatewayPeer, destination: wallet, code: '200' }),
  series('0+45x20', { reporter: 'source', source: wallet, destination: identity, code: '200' }),
  series('0+15x20', { reporter: 'source', source: wallet, destination: identity, code: '503', flags: 'UO' }),
  series('0+45x20', { reporter: 'destination', source: wallet, destination: identity, code: '200' }),
];

const panel = (title: string) => panelExpr(spec, 'mesh', title);
const evaluate = (expr: string, expected: { labels: string; value: number }[]) => promqlExprTest(input, expr, expected);

describe('the service mesh dashboard', () => {
  it('shows the 503s the callers’ Envoys make (circuit breaker) per service', async () => {
    const result = await evaluate(panel('503 ratio (circuit breaking)'), [
      { labels: '{destination_service_name="identity-service"}', value: 0.25 },
      { labels: '{destination_service_name="wallet-api"}', value: 0.25 },
    ]);
    expect(result).toContain('SUCCESS');
  }, 30_000);

  it('breaks the callers’ 503s down by Envoy response flag', async () => {
    const result = await evaluate(panel('503s made by callers’ Envoys, by response flag'), [
      { labels: '{destination_service_name="identity-service",response_flags="UO"}', value: 0.25 },
      { labels: '{destination_service_name="wallet-api",response_flags="UH"}', value: 0.25 },
      { labels: '{destination_service_name="wallet-api",response_flags="UO"}', value: 0.25 },
    ]);
    expect(result).toContain('SUCCESS');
  }, 30_000);
});

// A counter series exists only once it has counted something: with no failed request there is no
// 5xx/4xx/503 series at all, and with every request failed no non-5xx one. The ratios read 0 (and the
// success rate 1, or 0), never "no data".
describe('the ratio panels when a response code was never seen', () => {
  const healthy = [
    series('0+90x20', { reporter: 'source', source: ingressGatewayPeer, destination: wallet, code: '200' }),
    series('0+90x20', { reporter: 'destination', source: ingressGatewayPeer, destination: wallet, code: '200' }),
    series('0+45x20', { reporter: 'source', source: wallet, destination: identity, code: '200' }),
    series('0+45x20', { reporter: 'destination', source: wallet, destination: identity, code: '200' }),
  ];
  const each = (label: string, value: number) => [
    { labels: `{${label}="identity-service"}`, value },
    { labels: `{${label}="wallet-api"}`, value },
  ];

  it.each([
    ['application', '5xx ratio', each('destination_workload', 0)],
    ['security', 'Auth failure ratio', each('destination_workload', 0)],
    ['security', '4xx ratio', each('destination_workload', 0)],
    ['mesh', 'Success rate', each('destination_workload', 1)],
    ['mesh', '503 ratio (circuit breaking)', each('destination_service_name', 0)],
  ] as const)('%s: %s of a healthy service', async (dashboard, title, expected) => {
    expect(await promqlExprTest(healthy, panelExpr(spec, dashboard, title), [...expected])).toContain('SUCCESS');
  }, 30_000);

  it('mesh: Success rate 0 when every request failed', async () => {
    const failing = [series('0+90x20', { reporter: 'destination', source: ingressGatewayPeer, destination: wallet, code: '500' })];
    expect(await promqlExprTest(failing, panel('Success rate'), [{ labels: '{destination_workload="wallet-api"}', value: 0 }])).toContain('SUCCESS');
  }, 30_000);
});
