import { describe, expect, it } from 'vitest';
import type { TrimmedContainerStatus, TrimmedEvent, TrimmedPod } from '../live/trimmed';
import { schedulingAction, startupFindings } from './startup-findings';

const now = new Date('2026-12-02T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function pod(name: string, overrides: Partial<TrimmedPod> = {}, containers: Partial<TrimmedContainerStatus>[] = []): TrimmedPod {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'personapass-dev', uid: name, resourceVersion: '1', labels: { 'app.kubernetes.io/name': 'wallet-api' }, annotations: {}, creationTimestamp: minutesAgo(20) },
    phase: 'Running',
    conditions: [],
    containers: containers.map((c) => ({ name: 'wallet-api', init: false, ready: false, restartCount: 0, image: 'registry.example.com/wallet-api:2.3.0', state: { state: 'running' }, ...c })),
    ...overrides,
  };
}

const input = (pods: TrimmedPod[], events: TrimmedEvent[] = []) => ({ component: 'wallet-api' as const, now, pods, events, memoryLimit: '512Mi' });

describe('startupFindings', () => {
  it("gives an unschedulable pod's scheduler reason and what to do about it", () => {
    const message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.";
    const findings = startupFindings(input([pod('wallet-api-1', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: minutesAgo(10) }] })]));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ area: 'startup', severity: 'problem', object: 'Pod/wallet-api-1' });
    expect(findings[0]!.evidence).toContain(`scheduler: ${message}`);
    expect(findings[0]!.action).toMatch(/nodeSelector or node affinity/);
  });

  it('calls a pod Pending for less than the grace a warning', () => {
    const findings = startupFindings(input([pod('p', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/3 nodes are available: 3 Insufficient cpu.', lastTransitionTime: minutesAgo(1) }] })]));
    expect(findings[0]!.severity).toBe('warning');
    expect(findings[0]!.action).toMatch(/requests/);
  });

  it('names the image that cannot be pulled', () => {
    const findings = startupFindings(input([pod('p', { phase: 'Pending' }, [{ state: { state: 'waiting', reason: 'ImagePullBackOff' }, image: 'registry.example.com/wallet-api:9.9.9' }])]));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.what).toMatch(/cannot pull its image/);
    expect(findings[0]!.evidence).toEqual(['image registry.example.com/wallet-api:9.9.9', 'waiting: ImagePullBackOff']);
  });

  it("gives a crash loop's last termination reason and exit code", () => {
    const findings = startupFindings(input([pod('p', {}, [{ restartCount: 7, state: { state: 'waiting', reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1, finishedAt: minutesAgo(1) } }])]));
    expect(findings[0]!.what).toMatch(/crash-looping/);
    expect(findings[0]!.evidence).toEqual(['7 restarts', `last termination: Error, exit code 1 at ${minutesAgo(1)}`, 'exit code 1: the application reported an error']);
  });

  it('tells an OOM kill against the memory limit, a problem while crash-looping and a warning after', () => {
    const looping = startupFindings(input([pod('p', {}, [{ restartCount: 3, state: { state: 'waiting', reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: minutesAgo(1) } }])]));
    expect(looping[0]).toMatchObject({ severity: 'problem', what: 'container wallet-api of pod p was killed for using more memory than its limit of 512Mi' });
    expect(looping[0]!.evidence).toContain('memory limit 512Mi (components.wallet-api.resources.limits.memory)');
    const recovered = startupFindings(input([pod('p', {}, [{ restartCount: 1, ready: true, lastTerminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: minutesAgo(5) } }])]));
    expect(recovered[0]!.severity).toBe('warning');
    const old = startupFindings(input([pod('p', {}, [{ restartCount: 1, ready: true, lastTerminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: minutesAgo(120) } }])]));
    expect(old).toEqual([]);
  });

  it('finds nothing in a running pod or one being deleted', () => {
    expect(startupFindings(input([pod('ok', {}, [{ ready: true }])]))).toEqual([]);
    const deleting = pod('gone', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] });
    deleting.metadata.deletionTimestamp = minutesAgo(0);
    expect(startupFindings(input([deleting]))).toEqual([]);
  });

  it('has an action for each of the scheduler reasons it knows', () => {
    expect(schedulingAction('0/3 nodes are available: 3 node(s) had untolerated taint {x: y}.')).toMatch(/taint/);
    expect(schedulingAction('something new')).toMatch(/scheduler's reason/);
  });
});
