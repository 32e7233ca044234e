import { describe, expect, it } from 'vitest';
import { componentPods, maxLineLength, pickContainer, tailOfLog } from './pod-logs';
import { redactionMarker } from './redact-log-line';

const pod = (name: string, component: string, containers: string[]) => ({ metadata: { name, labels: { 'app.kubernetes.io/name': component } }, spec: { containers: containers.map((c) => ({ name: c })) } });

describe('componentPods', () => {
  it("keeps only the component's pods, sorted, with their containers", () => {
    const pods = componentPods([pod('wallet-api-b', 'wallet-api', ['wallet-api', 'istio-proxy']), pod('identity-service-a', 'identity-service', ['identity-service']), pod('wallet-api-a', 'wallet-api', ['wallet-api']), { metadata: { name: 'unlabelled' } }], 'wallet-api');
    expect(pods).toEqual([
      { name: 'wallet-api-a', containers: ['wallet-api'] },
      { name: 'wallet-api-b', containers: ['wallet-api', 'istio-proxy'] },
    ]);
  });
});

describe('pickContainer', () => {
  const p = { name: 'wallet-api-a', containers: ['istio-proxy', 'wallet-api'] };
  it("takes the one asked for only when it is the pod's", () => {
    expect(pickContainer(p, 'wallet-api', 'istio-proxy')).toBe('istio-proxy');
    expect(pickContainer(p, 'wallet-api', 'other')).toBeNull();
  });
  it("defaults to the component's own container, then the first", () => {
    expect(pickContainer(p, 'wallet-api', undefined)).toBe('wallet-api');
    expect(pickContainer({ name: 'x', containers: ['main'] }, 'wallet-api', undefined)).toBe('main');
    expect(pickContainer({ name: 'x', containers: [] }, 'wallet-api', undefined)).toBeNull();
  });
});

describe('tailOfLog', () => {
  it('splits, redacts and keeps the last lines', () => {
    const tail = tailOfLog('one\npassword=hunter2\nthree\n', { tailLines: 2, limitBytes: 1000 });
    expect(tail).toEqual({ lines: [`password=${redactionMarker}`, 'three'], redactions: 1, truncated: false });
  });
  it('says when the byte limit was reached', () => {
    expect(tailOfLog('x'.repeat(10), { tailLines: 10, limitBytes: 10 }).truncated).toBe(true);
  });
  it('cuts a long line after redacting it, never inside a marker', () => {
    const line = `${'a '.repeat((maxLineLength - 4) / 2)}token=${'s'.repeat(5000)}`;
    const tail = tailOfLog(line, { tailLines: 10, limitBytes: 100_000 });
    expect(tail.truncated).toBe(true);
    expect(tail.lines[0]).not.toContain('sss');
    expect(tail.lines[0]!.length).toBeLessThanOrEqual(maxLineLength + 1);
    expect(tail.lines[0]!.endsWith(`${redactionMarker}…`) || !tail.lines[0]!.includes('[red')).toBe(true);
  });
});
