// probe (review10-attack): the issue asks /metrics for watch lag and watch restarts; metrics.ts only
// reserves the names (`reservedWatchMetricNames`, "another branch registers them") and nothing in
// HEAD registers them, so a real console's /metrics has no way to tell a stuck or flapping watch
// (the one failure that shows viewers stale state). Fixed: the watch caches (or deps.ts) register
// both on consoleMetrics().registry, labelled {cluster, kind} only.
import { describe, expect, it } from 'vitest';
import { KubeWatchCaches } from '@/lib/adapters/kubernetes/kube-watch-caches';
import { consoleMetrics, reservedWatchMetricNames } from './metrics';

describe('watch metrics (probe)', () => {
  it('are registered once the shared watch caches run', async () => {
    const caches = new KubeWatchCaches(async () => Promise.reject(new Error('no cluster here')));
    const subscription = caches.subscribe({ cluster: 'c', kind: 'Pod', namespace: 'personapass-dev' }, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = await consoleMetrics().registry.metrics();
    subscription.close();
    await caches.close();
    for (const name of reservedWatchMetricNames) expect(text).toContain(name);
  });
});
