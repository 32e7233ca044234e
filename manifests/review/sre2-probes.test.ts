// Review probes (review9-sre2): each fails on 28c32cc and passes once the finding is fixed.
import { describe, expect, it } from 'vitest';
import { waves } from '@/lib/core/deploy/waves';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { alertDefinitions } from '../monitoring/alert-rules';
import { renderPlatform } from '../render-platform';
import { indexCleanerSecret } from '../tracing';

type Plain = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> };
const render = (spec: ReturnType<typeof starterSpec>) => renderPlatform(spec).map((o) => toPlain(o) as unknown as Plain);

describe('sre2 probes', () => {
  // A canary's Deployment is created in the workloads wave, its routes in the mesh wave right after,
  // and rollouts are awaited only once every wave (and the prune) is done (execute-deploy-run.ts):
  // weightPercent of the traffic, and every request with the A/B header, meets a subset whose pods
  // are still pulling / starting (503 UH), and for good if the canary never becomes ready.
  it('canary routes are applied only after the Deployments behind them have rolled out', () => {
    const barrier = waves.indexOf('rollout' as never);
    expect(barrier).toBeGreaterThan(waves.indexOf('workloads'));
    expect(barrier).toBeLessThan(waves.indexOf('mesh'));
  });

  // A service with working hours outside production must have minReplicas 0, so renderWorkload
  // sees minimumReplicas 0 and no fixed replicas: no PodDisruptionBudget, although inside the
  // window KEDA keeps `replicas` (here 3) pods that a node drain may now evict all at once.
  it('a service kept at several replicas by its working hours keeps a disruption budget', () => {
    const spec = starterSpec('staging', 'staging');
    Object.assign(spec.components['wallet-api'].autoscaling, { minReplicas: 0, workingHours: { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00', replicas: 3 } });
    const pdbs = render(spec).filter((o) => o.kind === 'PodDisruptionBudget').map((o) => o.metadata.name);
    expect(pdbs).toContain('wallet-api');
  });

  // The cleaner signs in with its own Secret since this change; the alert sends on-call to the
  // collectors' Secret, which the cleaner does not read.
  it('the index-cleanup alert names the Secret the cleaner reads', () => {
    const alert = alertDefinitions(starterSpec('prod', 'production')).find((a) => a.alert === 'PersonaPassIndexCleanupNotSucceeding')!;
    expect(alert.description).toContain(indexCleanerSecret);
  });
});
