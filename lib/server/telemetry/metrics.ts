import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { buildOpenApiDocument } from '../http/openapi-document';

// The console's own Prometheus metrics, one registry per process (the web server and each deploy
// worker serve their own: see metrics-server.ts). Labels are bounded on purpose: a route template
// (never a URL), a method, a status code, an environment name, a wave, an outcome. No user ids,
// run ids, object names or paths, so a crawler hitting random URLs adds no series.
//
// The shared watch caches' lag, restarts, re-lists, sync and not-served flags are registered by
// watch-metrics.ts under the names below, read from the LiveState when scraped.

export const reservedWatchMetricNames = ['console_watch_lag_seconds', 'console_watch_restarts_total', 'console_watch_relists_total', 'console_watch_synced', 'console_watch_not_served'] as const;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'console_' });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  const longSeconds = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'console_http_request_duration_seconds',
      help: 'API request latency by route template, method and status code',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: seconds,
      registers: [registry],
    }),
    planDuration: new Histogram({
      name: 'console_plan_duration_seconds',
      help: 'Time to make a plan (render, checks, cluster comparison), by outcome',
      labelNames: ['environment', 'outcome'] as const,
      buckets: longSeconds,
      registers: [registry],
    }),
    runDuration: new Histogram({
      name: 'console_deploy_run_duration_seconds',
      help: 'One attempt of a deploy run, from claim to its end, by environment and outcome',
      labelNames: ['environment', 'outcome'] as const,
      buckets: longSeconds,
      registers: [registry],
    }),
    waveDuration: new Histogram({
      name: 'console_deploy_wave_duration_seconds',
      help: 'Applying one wave of a deploy run, by environment and wave',
      labelNames: ['environment', 'wave'] as const,
      buckets: longSeconds,
      registers: [registry],
    }),
    runOutcomes: new Counter({
      name: 'console_deploy_runs_total',
      help: 'Deploy run attempts ended, by environment and outcome (succeeded, failed, interrupted, released, lease-lost)',
      labelNames: ['environment', 'outcome'] as const,
      registers: [registry],
    }),
  };
}

export type ConsoleMetrics = ReturnType<typeof createMetrics>;

// One per process even when Next.js loads this module twice (dev reloads, separate bundles).
const globalKey = Symbol.for('personapass.console-metrics');
type Holder = { [globalKey]?: ConsoleMetrics };

export function consoleMetrics(): ConsoleMetrics {
  const holder = globalThis as Holder;
  holder[globalKey] ??= createMetrics();
  return holder[globalKey];
}

/**
 * The deploy queue's depth, read when scraped (one count query): registered by the process that
 * serves metrics with database access. Registered once; a failed count leaves the gauge unset.
 */
export function registerQueueDepth(count: () => Promise<{ queued: number; running: number }>): void {
  const { registry } = consoleMetrics();
  if (registry.getSingleMetric('console_deploy_queue_depth')) return;
  new Gauge({
    name: 'console_deploy_queue_depth',
    help: 'Deploy runs waiting (queued) and executing (running), read from the database when scraped',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const depth = await count().catch(() => undefined);
      if (!depth) return;
      this.set({ status: 'queued' }, depth.queued);
      this.set({ status: 'running' }, depth.running);
    },
  });
}

/**
 * Drifted objects per environment from the last drift checks (0: in sync), read from the database
 * when scraped, so every console replica tells the same and a restart loses nothing. An
 * environment whose last check failed has no series (its drift is unknown, not 0).
 */
export function registerDriftObjects(count: () => Promise<Array<{ environment: string; objects: number }>>): void {
  const { registry } = consoleMetrics();
  if (registry.getSingleMetric('console_environment_drift_objects')) return;
  new Gauge({
    name: 'console_environment_drift_objects',
    help: 'Objects that differ from the last deploy, per environment, as its last drift check found them',
    labelNames: ['environment'] as const,
    registers: [registry],
    async collect() {
      const counts = await count().catch(() => undefined);
      if (!counts) return;
      this.reset();
      for (const { environment, objects } of counts) this.set({ environment }, objects);
    },
  });
}

let templates: { template: string; pattern: RegExp }[] | undefined;

/**
 * The route template a request path matches (`/api/v1/plans/{id}`), from the OpenAPI document's
 * paths, so labels are as many as the API has routes; `unmatched` for anything else.
 */
export function routeTemplate(pathname: string): string {
  templates ??= Object.keys(buildOpenApiDocument().paths)
    .map((path) => `/api/v1${path}`)
    // Literal segments before parameters: /deploy-targets/release before /x/{id}.
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    }));
  return templates.find(({ pattern }) => pattern.test(pathname))?.template ?? 'unmatched';
}

/** Records one API request; never throws (metrics must not break a request). */
export function observeRequest(request: Request, status: number, startedAt: bigint): void {
  try {
    const route = routeTemplate(new URL(request.url).pathname);
    const method = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(request.method) ? request.method : 'OTHER';
    consoleMetrics().httpRequestDuration.observe({ route, method, status: String(status) }, secondsSince(startedAt));
  } catch {
    // ignored
  }
}

/** Runs a metrics update; telemetry never fails the work it measures. */
export function recordSafely(record: () => void): void {
  try {
    record();
  } catch {
    // ignored
  }
}

export const secondsSince = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
