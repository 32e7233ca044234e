import { describe, expect, it } from 'vitest';
import { assembleEnvironmentHealth } from '../health/environment-health';
import { trimLiveObject } from '../live/trim-live-object';
import { availabilityQuery } from './availability';
import { statusPageFrom } from './status-page';

// Review 10b (SRE) probes: what a stakeholder's status page says on a real cluster.

const now = new Date('2026-12-02T08:00:00Z');
const ns = 'personapass-prod';
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: ns, uid: `uid-${name}`, resourceVersion: '1', generation: 3, creationTimestamp: '2026-11-01T07:00:00Z', ...extra });

describe('status page during a real outage (probe)', () => {
  it('every pod of wallet-api gone and its replacements Pending for 60 s (node pool lost): the status page must not say "Working normally"', () => {
    // What the API server reports a minute after the nodes went: the Deployment wants 2, none available,
    // Available=False (MinimumReplicasUnavailable) one minute ago; both replacement pods unschedulable.
    const deployment = trimLiveObject('Deployment', {
      apiVersion: 'apps/v1',
      metadata: meta('wallet-api'),
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'wallet-api', image: 'registry.example/personapass/wallet-api:1.4.2' }] } } },
      status: {
        observedGeneration: 3,
        replicas: 2,
        updatedReplicas: 2,
        unavailableReplicas: 2,
        conditions: [
          { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastTransitionTime: '2026-12-02T07:59:00Z' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastTransitionTime: '2026-11-01T07:01:00Z' },
        ],
      },
    });
    const pending = (name: string) =>
      trimLiveObject('Pod', {
        apiVersion: 'v1',
        metadata: meta(name, { generation: undefined, creationTimestamp: '2026-12-02T07:59:00Z', labels: { 'app.kubernetes.io/name': 'wallet-api' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'wallet-api-7d9f8', uid: 'rs', controller: true }] }),
        spec: { containers: [{ name: 'wallet-api', image: 'x' }] },
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 node(s) had untolerated taint.', lastTransitionTime: '2026-12-02T07:59:00Z' }],
        },
      });
    const health = assembleEnvironmentHealth({
      environment: 'prod',
      components: ['wallet-api'],
      now,
      cluster: { state: 'reachable' },
      objects: [deployment, pending('wallet-api-7d9f8-aaaaa'), pending('wallet-api-7d9f8-bbbbb')],
      alerts: { alerts: [] },
    });
    expect(health.components[0]!.replicas).toMatchObject({ desired: 2, available: 0 });
    const page = statusPageFrom({
      health,
      alerts: [],
      namespaces: [ns],
      lastDeployAt: null,
      availability: { '24h': { status: 'ok', ratio: 1 }, '7d': { status: 'ok', ratio: 1 } },
      availabilityProblem: null,
      now,
    });
    // HEAD: health says Progressing, the page says 'operational' / "All systems operational".
    expect(page.components[0]!.status).not.toBe('operational');
    expect(page.status).not.toBe('operational');
  });
});

describe('availability from the mesh (probe)', () => {
  it('counts the requests that never reached a wallet-api sidecar (no healthy upstream: the gateway answers 503 UH, reported only by reporter="source")', () => {
    const query = availabilityQuery(ns, '24h');
    // HEAD: only reporter="destination" series; with every pod down there is no destination proxy to
    // report anything, so a full outage adds no failed request and the window stays at 100 %.
    expect(query).toMatch(/reporter="source"/);
  });

  it('the 7-day figure is not an increase() over 7 days of raw istio_requests_total samples, recomputed every few seconds', () => {
    // 30 s scrapes: 20,160 samples per series per query; at ~2,500 series (pods x callers x codes x flags)
    // that passes Prometheus' default --query.max-samples (50M) and long before that the console's 5 s timeout.
    expect(availabilityQuery(ns, '7d')).not.toMatch(/istio_requests_total\{[^}]*\}\[7d\]/);
  });
});
