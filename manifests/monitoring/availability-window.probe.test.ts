// Review 10 verify probe: the 24 h availability picks callers' or sidecars' reports per service for
// the WHOLE window, the 7-day recording rules per 5-minute step. A service counted from its sidecars
// for most of the day (callers outside the mesh) loses all of those hours, errors included, as soon
// as one meshed caller reports on it at any time in the window.
import { describe, expect, it } from 'vitest';
import { availabilityQuery } from '@/lib/core/status/availability';
import { promqlExprTest, storedIstioRequests } from '@/lib/test-support/promql-expr-test';
import { type IstioPeer } from './istio-scrape';
import { recordingRuleGroups } from './prometheus-rule';
import { prodObjects } from '../validate/fixtures';

const app = 'personapass-prod';
const wallet: IstioPeer = { workload: 'wallet-api', namespace: app, serviceAccount: 'wallet-api', version: '2.3.0' };
const worker: IstioPeer = { workload: 'credential-worker', namespace: app, serviceAccount: 'credential-worker' };
const outsideMesh: IstioPeer = { workload: 'unknown', namespace: 'unknown', serviceAccount: 'unknown' };
const objects = prodObjects();

// 40 minutes: callers outside the mesh send the worker 60 a minute, half answered 500 (only its
// sidecar reports them). Then 20 minutes: wallet-api (meshed) sends it 60 a minute, all 200.
// Availability over the hour: 1 − 1200 / 3600 ≈ 0.67, far below 0.9.
const input = [
  storedIstioRequests('0+30x40 1200x20', { reporter: 'destination', source: outsideMesh, destination: worker, code: '200' }, objects),
  storedIstioRequests('0+30x40 1200x20', { reporter: 'destination', source: outsideMesh, destination: worker, code: '500' }, objects),
  storedIstioRequests('_x40 0+60x20', { reporter: 'source', source: wallet, destination: worker, code: '200' }, objects),
  storedIstioRequests('_x40 0+60x20', { reporter: 'destination', source: wallet, destination: worker, code: '200' }, objects),
];

describe('probe: availability when a service gains a meshed caller within the window', () => {
  it('7 d (recorded per step) counts the 40 minutes of 500s', async () => {
    expect(await promqlExprTest(input, `(${availabilityQuery(app, '7d')}) < bool 0.9`, [{ labels: '{}', value: 1 }], '60m', '1m', recordingRuleGroups())).toContain('SUCCESS');
  }, 30_000);

  it('24 h counts them too, instead of showing the hour as fully available', async () => {
    expect(await promqlExprTest(input, `(${availabilityQuery(app, '24h')}) < bool 0.9`, [{ labels: '{}', value: 1 }], '60m')).toContain('SUCCESS');
  }, 30_000);
});
