import { Suspense, type ReactNode } from 'react';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import type { MetricRange } from '@/lib/core/metrics/metric-charts';
import { findEnvironmentAlerts } from '@/lib/server/alerts/find-environment-alerts';
import { getDashboards } from '@/lib/server/metrics/get-dashboards';
import { getMetrics } from '@/lib/server/metrics/get-metrics';
import { getTraces } from '@/lib/server/traces/get-traces';
import { AlertList } from '@/components/observability/alert-list';
import { ComponentFilter } from '@/components/observability/component-filter';
import { GrafanaPanels } from '@/components/observability/grafana-panels';
import { loadSection } from './load-observability';
import { MetricCharts } from '@/components/observability/metric-charts';
import { TraceLists } from '@/components/observability/trace-lists';
import { Unavailable } from '@/components/observability/unavailable';

// Each section reads its own source inside its own Suspense boundary: the page streams what is
// ready and a failing source costs only its section.

type Scope = { environment: string; component?: ComponentName; range: MetricRange };

const returnTo = (scope: Scope) => `/environments/${scope.environment}`;

function Loading({ label, tall = false }: { label: string; tall?: boolean }) {
  return <div role="status" aria-label={label} className={`${tall ? 'h-64' : 'h-20'} animate-pulse rounded-md bg-slate-100 dark:bg-slate-800`} />;
}

function Streamed({ label, tall, children }: { label: string; tall?: boolean; children: ReactNode }) {
  return <Suspense fallback={<Loading label={label} tall={tall} />}>{children}</Suspense>;
}

async function Charts(scope: Scope) {
  const loaded = await loadSection(returnTo(scope), 'the charts', (ctx) => getMetrics(ctx, scope.environment, { range: scope.range, component: scope.component }));
  return loaded.ok ? <MetricCharts answer={loaded.value} /> : <Unavailable reason={loaded.reason} />;
}

async function Traces(scope: Scope & { component: ComponentName }) {
  const loaded = await loadSection(returnTo(scope), 'the traces', (ctx) => getTraces(ctx, scope.environment, { component: scope.component, range: scope.range }));
  return loaded.ok ? <TraceLists answer={loaded.value} /> : <Unavailable reason={loaded.reason} />;
}

async function Alerts(scope: Scope) {
  const loaded = await loadSection(returnTo(scope), 'the alerts', (ctx) => findEnvironmentAlerts(ctx, scope.environment));
  return loaded.ok ? <AlertList alerts={loaded.value} component={scope.component} /> : <Unavailable reason={loaded.reason} />;
}

async function Dashboards(scope: Scope & { panels?: boolean }) {
  const loaded = await loadSection(returnTo(scope), 'the Grafana links', (ctx) => getDashboards(ctx, scope.environment, { range: scope.range }));
  return loaded.ok ? <GrafanaPanels links={loaded.value} panels={scope.panels} /> : <Unavailable reason={loaded.reason} />;
}

export function ChartsSection(scope: Scope) {
  return (
    <Streamed label="Loading charts" tall>
      <Charts {...scope} />
    </Streamed>
  );
}

export function TracesSection(scope: Scope & { component: ComponentName }) {
  return (
    <Streamed label="Loading traces">
      <Traces {...scope} />
    </Streamed>
  );
}

export function AlertsSection(scope: Scope) {
  return (
    <Streamed label="Loading alerts">
      <Alerts {...scope} />
    </Streamed>
  );
}

export function DashboardsSection(scope: Scope & { panels?: boolean }) {
  return (
    <Streamed label="Loading Grafana links">
      <Dashboards {...scope} />
    </Streamed>
  );
}

async function FilterWithCounts(props: Omit<Parameters<typeof ComponentFilter>[0], 'counts'> & { environment: string }) {
  const { environment, ...filter } = props;
  const loaded = await loadSection(`/environments/${environment}`, 'the alerts', (ctx) => findEnvironmentAlerts(ctx, environment));
  return <ComponentFilter {...filter} counts={loaded.ok && loaded.value.sources.prometheus.ok ? loaded.value.counts : undefined} />;
}

/** The component filter at once, its alert counts when the alerts have been read. */
export function ComponentFilterSection(props: Omit<Parameters<typeof ComponentFilter>[0], 'counts'> & { environment: string }) {
  return (
    <Suspense fallback={<ComponentFilter components={props.components} component={props.component} path={props.path} query={props.query} />}>
      <FilterWithCounts {...props} />
    </Suspense>
  );
}
