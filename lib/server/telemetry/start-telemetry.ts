import { getEnv } from '@/lib/env';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { registerDriftObjects, registerQueueDepth } from './metrics';
import { startMetricsServer } from './metrics-server';
import { registerWatchMetrics } from './watch-metrics';

/**
 * The metrics listener of one process (the web server: METRICS_PORT; a deploy worker:
 * WORKER_METRICS_PORT), with the deploy queue's depth and (web) the shared watches' health. A port already taken is logged, not fatal:
 * the console serves its users without metrics rather than not at all.
 */
export async function startTelemetry(deps: Deps, process: 'web' | 'worker'): Promise<void> {
  const env = getEnv();
  const port = process === 'web' ? env.METRICS_PORT : env.WORKER_METRICS_PORT;
  if (port === undefined) return;
  registerQueueDepth(() => deps.runs.countActiveRuns());
  // The web process only: the same numbers from every process would be the same series twice.
  if (process === 'web') registerDriftObjects(() => deps.drift.countDriftedObjects());
  // The web process holds the shared watch caches; a worker watches nothing.
  if (process === 'web') registerWatchMetrics(() => deps.live.state.statuses());
  await startMetricsServer(port, env.METRICS_HOST).catch((error: Error) => logger.error('metrics listener not started', { port, error: error.message }));
}
