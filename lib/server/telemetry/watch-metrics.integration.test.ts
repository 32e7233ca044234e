// The shared watches' metrics moving with real watches on the testbed (as the console's
// ServiceAccount): a synced pod watch with a small lag, a re-list after 410 Gone, silent watches
// restarted, and a refusing cluster that never syncs and has no lag series.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeWatchCaches } from '@/lib/adapters/kubernetes/kube-watch-caches';
import { defaultWatchCacheOptions } from '@/lib/adapters/kubernetes/kube-watch-cache';
import { testbedCluster } from '@/lib/test-support/testbed-cluster';
import { adminKubeConfig, applyObjects, consoleEnvironmentObjects, deleteObjects, uniqueName, waitFor } from '@/scripts/stack/test-support';
import { consoleMetrics } from './metrics';
import { registerWatchMetrics } from './watch-metrics';

const testbed = testbedCluster('testbed');
const namespace = `personapass-${uniqueName('wm')}`;
const grant = consoleEnvironmentObjects(uniqueName('wm'), namespace);
// 'refused-9': the discard port of loopback, where nothing listens.
const connections = async (cluster: string) => {
  const apiServerUrl = cluster === 'testbed' ? testbed.apiServerUrl : 'https://127.0.0.1:9';
  return { connection: { ...testbed, name: cluster, apiServerUrl }, fingerprint: apiServerUrl };
};
const caches: KubeWatchCaches[] = [];
const watchCaches = (cache: Partial<typeof defaultWatchCacheOptions> = {}) => {
  const made = new KubeWatchCaches(connections, { lingerMs: 200, requestTimeoutMs: 3_000, cache: { ...defaultWatchCacheOptions, ...cache } });
  caches.push(made);
  return made;
};

/** The value of one watch metric for the test namespace's Pod watch of `cluster`, or undefined. */
async function scraped(name: string, cluster = 'testbed'): Promise<number | undefined> {
  const line = (await consoleMetrics().registry.metrics()).split('\n').find((text) => text.startsWith(`${name}{cluster="${cluster}",kind="Pod",namespace="${namespace}"} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

beforeAll(() => applyObjects(adminKubeConfig(), grant), 60_000);
afterAll(async () => {
  await Promise.all(caches.map((made) => made.close()));
  await deleteObjects(adminKubeConfig(), grant);
}, 60_000);

it('the watch metrics appear for real watches and move: synced and lag, re-lists, silent restarts, an unreachable cluster', async () => {
  // A watch resumed from a compacted resourceVersion (410 Gone, one re-list), silent within 1 s.
  const live = watchCaches({ resumeFrom: '1', silenceMs: 1_000 });
  registerWatchMetrics(() => live.statuses());
  const pods = live.subscribe({ cluster: 'testbed', kind: 'Pod', namespace }, () => undefined);
  const refused = live.subscribe({ cluster: 'refused-9', kind: 'Pod', namespace }, () => undefined);
  await waitFor('the pod watch synced', async () => (await scraped('console_watch_synced')) === 1, 20_000);
  expect(await scraped('console_watch_relists_total')).toBe(1);
  const lag = await scraped('console_watch_lag_seconds');
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThan(5);

  // No pod changes and no bookmark within 1 s: the watch is restarted, and the counter follows.
  await waitFor('two silent restarts counted', async () => (await scraped('console_watch_restarts_total'))! >= 2, 15_000);
  // Nothing heard since the list: the lag grew past the silences.
  expect(await scraped('console_watch_lag_seconds')).toBeGreaterThan(1);
  await waitFor('the refusing cluster marked unreachable', async () => refused.status().unreachableSince, 10_000);
  const text = (await consoleMetrics().registry.metrics()).split('\n').filter((line) => line.startsWith('console_watch_') && line.includes(namespace));
  console.log(text.join('\n'));
  expect(await scraped('console_watch_synced', 'refused-9')).toBe(0);
  expect(await scraped('console_watch_lag_seconds', 'refused-9')).toBeUndefined();
  expect(await scraped('console_watch_not_served')).toBe(0);

  // Both viewers gone: the caches stop after their linger and their series go with them.
  pods.close();
  refused.close();
  await waitFor('the caches stopped', async () => live.size === 0);
  expect(await scraped('console_watch_synced')).toBeUndefined();
}, 60_000);
