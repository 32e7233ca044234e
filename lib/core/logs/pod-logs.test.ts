import { describe, expect, it } from 'vitest';
import { trimLiveObject } from '../live/trim-live-object';
import { componentPods, logContextLines, logPodsOf, maxLineLength, pickContainer, podLogRequest, tailOfLog } from './pod-logs';
import { redactionMarker, redactionMarker as R, redactLogLines } from './redact-log-line';

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

// Review 10b (SRE): the log tail without ?pod= read the pod whose name sorts first. Mid-rollout the
// new ReplicaSet's pod (ContainerCreating, or ImagePullBackOff) can sort first; the API server then
// answers 400 "container ... is waiting to start" while a Running pod serves.
describe('the default pod of a log tail', () => {
  const cached = (name: string, phase: string, waiting?: string, deleting = false) =>
    trimLiveObject('Pod', {
      apiVersion: 'v1',
      metadata: { name, namespace: 'personapass-prod', uid: `uid-${name}`, resourceVersion: '1', labels: { 'app.kubernetes.io/name': 'wallet-api' }, ...(deleting ? { deletionTimestamp: '2026-12-02T07:01:00Z' } : {}) },
      spec: { nodeName: 'node-a', containers: [{ name: 'wallet-api', image: 'x' }] },
      status: {
        phase,
        containerStatuses: [{ name: 'wallet-api', ready: phase === 'Running', restartCount: 0, image: 'x', state: waiting ? { waiting: { reason: waiting } } : { running: { startedAt: '2026-12-02T07:00:00Z' } } }],
      },
    });

  it("is a running pod, not the rollout's pod still waiting to start", () => {
    const pods = componentPods([cached('wallet-api-9c4f7b-zzzzz', 'Running'), cached('wallet-api-5d8b6c-aaaaa', 'Pending', 'ContainerCreating')], 'wallet-api');
    expect(pods[0]!.name).toBe('wallet-api-9c4f7b-zzzzz');
    expect(pods.map((p) => p.name)).toEqual(['wallet-api-9c4f7b-zzzzz', 'wallet-api-5d8b6c-aaaaa']);
  });

  it('is not a terminating pod, nor one whose Ready condition is False (an API list item)', () => {
    const listed = (name: string, ready: string) => ({ metadata: { name }, spec: { containers: [{ name: 'wallet-api' }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready }] } });
    expect(logPodsOf([listed('a', 'False'), listed('b', 'True')]).map((p) => p.name)).toEqual(['b', 'a']);
    expect(componentPods([cached('a', 'Running', undefined, true), cached('b', 'Running')], 'wallet-api').map((p) => p.name)).toEqual(['b', 'a']);
  });

  it('is the first by name when no pod serves', () => {
    expect(componentPods([cached('b', 'Pending', 'ImagePullBackOff'), cached('a', 'Pending', 'ContainerCreating')], 'wallet-api').map((p) => p.name)).toEqual(['a', 'b']);
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

// Review 10b (attacker): the API server sends only the lines asked for, so a value whose key, BEGIN
// line or opening quote is just above the tail would reach the browser unredacted.
describe('tailOfLog: the context above the tail', () => {
  const log = ['starting', 'loading signing key:', '-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAplantedPEMbodyLineOneXXXXXXXXXXXXXXXX', 'plantedPEMbodyLineTwoYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY', '-----END RSA PRIVATE KEY-----', '{"password":"first-half', 'second-half","ok":true}', 'config:', '  password: |', '    Summer-2026-prod', 'served in 8ms', 'ready on :8080'];

  it('asks for the tail and 50 lines above it, with more bytes for them', () => {
    const request = podLogRequest({ namespace: 'ns', pod: 'p', container: 'c' }, { tail: 4, timestamps: true, sinceSeconds: 60 });
    expect(request).toMatchObject({ namespace: 'ns', pod: 'p', container: 'c', tailLines: 4 + logContextLines, timestamps: true, sinceSeconds: 60 });
    expect(request.limitBytes).toBeGreaterThan(256 * 1024);
  });

  it('never shows a secret whose key, BEGIN line or opening quote is just above a short tail', () => {
    for (let tail = 1; tail <= log.length; tail++) {
      const shown = tailOfLog(log.join('\n'), { tailLines: tail, limitBytes: 100_000 });
      expect(shown.lines, `tail=${tail}`).toHaveLength(tail);
      expect(shown.lines.join('\n'), `tail=${tail}`).not.toMatch(/planted|second-half|Summer-2026/);
    }
  });

  it('counts only the redactions of the lines it shows', () => {
    expect(tailOfLog(log.join('\n'), { tailLines: 2, limitBytes: 100_000 }).redactions).toBe(0);
    expect(tailOfLog(log.join('\n'), { tailLines: 3, limitBytes: 100_000 }).redactions).toBe(1);
  });

  it('hides leading lines that look like a block body when the read may begin inside one', () => {
    const pem = ['plantedPEMbodyLineTwoYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY', 'c2VjcmV0IGJvZHkgbGluZQ', '-----END RSA PRIVATE KEY-----', 'ready'];
    expect(redactLogLines(pem, { cutAbove: true }).lines).toEqual([R, R, '-----END RSA PRIVATE KEY-----', 'ready']);
    const yaml = ['    Summer-2026-prod', '    second-line', '', '  user: wallet', 'ready'];
    expect(redactLogLines(yaml, { cutAbove: true }).lines).toEqual([`    ${R}`, `    ${R}`, '', `  ${R}`, 'ready']);
    // Read from the log's start (fewer lines than asked for): nothing above, nothing hidden for its shape.
    expect(tailOfLog(['  indented', 'ready'].join('\n'), { tailLines: 2, limitBytes: 1000 }).lines).toEqual(['  indented', 'ready']);
    // Filled the lines asked for, or read since a time: it may begin inside a block.
    // (a block body longer than the context: its key is above all that was read)
    const full = [...Array.from({ length: logContextLines + 2 }, (_, i) => `  Summer-2026-prod-${i}`), 'ready'];
    expect(tailOfLog(full.join('\n'), { tailLines: 3, limitBytes: 100_000 }).lines).toEqual([`  ${R}`, `  ${R}`, 'ready']);
    expect(tailOfLog(['  Summer-2026-prod', 'ready'].join('\n'), { tailLines: 2, limitBytes: 1000, sinceSeconds: 60 }).lines).toEqual([`  ${R}`, 'ready']);
  });
});

// Review 10b (attacker): with timestamps=true every line starts with the API server's time, so a YAML
// block's indentation was 0 and its value showed.
describe("tailOfLog: timestamps=true (the log view's Timestamps checkbox)", () => {
  const block = ['config:', '  database:', '    password: |', '      Summer-2026-prod', '    user: wallet'];

  it('hides the block value without timestamps (control)', () => {
    expect(redactLogLines(block).lines).toContain(`      ${R}`);
  });

  it('hides the same block value with timestamps, and keeps each line\'s time', () => {
    const stamp = (line: string) => `2026-12-02T07:00:00.000000000Z ${line}`;
    const tail = tailOfLog(block.map(stamp).join('\n'), { tailLines: 100, limitBytes: 1_000_000 });
    expect(tail.lines.join('\n')).not.toContain('Summer-2026-prod');
    expect(tail.lines).toEqual([...block.slice(0, 3), `      ${R}`, block[4]!].map(stamp));
    // The API server's own form, whatever its precision, when timestamps were asked for.
    const loose = tailOfLog(block.map((line) => `2026-12-02T07:00:00Z ${line}`).join('\n'), { tailLines: 100, limitBytes: 1_000_000, timestamps: true });
    expect(loose.lines[3]).toBe(`2026-12-02T07:00:00Z       ${R}`);
  });

  it('hides the leading body of a YAML block whose secret key lies above a read the byte limit cut', () => {
    const request = podLogRequest({ namespace: 'n', pod: 'p', container: 'c' }, { tail: 1000, timestamps: false });
    // The log: `  password: |` on the line just above where tailLines=1050 starts the read, then its
    // block value, then long JSON lines. The API server sends tailLines' lines from their start up to
    // limitBytes, so fewer than 1050 lines come back and the first is the block's value.
    const long = `{"level":"info","msg":"${'request served '.repeat(60)}"}`;
    const lines = ['      correct horse battery staple'];
    while (lines.join('\n').length < request.limitBytes) lines.push(long);
    const text = lines.join('\n').slice(0, request.limitBytes);
    const shown = tailOfLog(text, { tailLines: 1000, limitBytes: request.limitBytes });
    expect(shown.truncated).toBe(true);
    expect(shown.lines[0]).toBe(`      ${redactionMarker}`);
  });
});
