// The shared watches' metrics as scraped: one series per cache under bounded labels, read from the
// statuses at each scrape, so they move with the caches and vanish with a stopped one.
import { expect, it } from 'vitest';
import type { WatchStatus } from '@/lib/core/live/live-state';
import { watchStatusFixture } from '@/lib/core/live/watch-status-fixture';
import { consoleMetrics } from './metrics';
import { registerWatchMetrics } from './watch-metrics';

// Not synced unless a test says so: most of these watches are still listing or failing.
const status = (change: Partial<WatchStatus> & { key: WatchStatus['key'] }): WatchStatus => watchStatusFixture({ synced: false, ...change });

const watchLines = async () =>
  (await consoleMetrics().registry.metrics())
    .split('\n')
    .filter((line) => line.startsWith('console_watch_'))
    .sort();

it('answers lag, restarts, re-lists, synced and not-served per watch, read when scraped', async () => {
  const now = Date.parse('2026-12-02T08:00:00Z');
  let statuses = [
    status({ key: { cluster: 'testbed', kind: 'Pod', namespace: 'personapass-dev' }, synced: true, lastHeardAt: '2026-12-02T07:59:48.500Z', restarts: 2, relists: 1 }),
    status({ key: { cluster: 'testbed', kind: 'ScaledObject', namespace: 'personapass-dev' }, notServed: true, error: 'does not serve' }),
    status({ key: { cluster: 'far', kind: 'Pod', namespace: '' }, unreachableSince: '2026-12-02T07:50:00Z' }),
  ];
  registerWatchMetrics(() => statuses, () => now);
  const lines = await watchLines();
  console.log(lines.join('\n'));
  const pod = 'cluster="testbed",kind="Pod",namespace="personapass-dev"';
  const scaled = 'cluster="testbed",kind="ScaledObject",namespace="personapass-dev"';
  const far = 'cluster="far",kind="Pod",namespace="(all)"';
  expect(lines).toEqual(
    [
      `console_watch_lag_seconds{${pod}} 11.5`,
      `console_watch_restarts_total{${pod}} 2`,
      `console_watch_restarts_total{${scaled}} 0`,
      `console_watch_restarts_total{${far}} 0`,
      `console_watch_relists_total{${pod}} 1`,
      `console_watch_relists_total{${scaled}} 0`,
      `console_watch_relists_total{${far}} 0`,
      `console_watch_synced{${pod}} 1`,
      `console_watch_synced{${scaled}} 0`,
      `console_watch_synced{${far}} 0`,
      `console_watch_not_served{${pod}} 0`,
      `console_watch_not_served{${scaled}} 1`,
      `console_watch_not_served{${far}} 0`,
    ].sort(),
  );

  // Moved: the pod watch restarted again; the far cluster's cache stopped and left no series.
  statuses = [{ ...statuses[0]!, restarts: 3 }];
  expect(await watchLines()).toContain(`console_watch_restarts_total{${pod}} 3`);
  expect((await watchLines()).some((line) => line.includes('cluster="far"'))).toBe(false);
});

it('registers once: a second LiveState replaces where the metrics read from, and a failing one yields no series', async () => {
  registerWatchMetrics(() => {
    throw new Error('closed');
  });
  expect(await watchLines()).toEqual([]);
  registerWatchMetrics(() => [status({ key: { cluster: 'b', kind: 'Event', namespace: 'ns' }, synced: true })]);
  expect(await watchLines()).toContain('console_watch_synced{cluster="b",kind="Event",namespace="ns"} 1');
});
