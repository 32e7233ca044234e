import type { ComponentName } from '@/lib/core/environments/environment-spec';
import type { MetricRange } from '@/lib/core/metrics/metric-charts';
import { CardSection } from '@/components/ui/card';
import { AlertsSection, ChartsSection, DashboardsSection, TracesSection } from './observability-sections';
import { RangePicker } from '@/components/observability/range-picker';

/**
 * Everything the console knows of one component's running behaviour: its alerts, its charts with
 * the environment's deploy runs marked, its traces in Jaeger and the environment's Grafana
 * dashboards, over `range`. Each part streams and fails alone. With `path` (the page's path) and
 * `query` (its other URL parameters) it shows the range picker, which changes the URL's `range`.
 */
export function ComponentObservability({
  environment,
  component,
  range,
  path,
  query = {},
}: {
  environment: string;
  component: ComponentName;
  range: MetricRange;
  path?: string;
  query?: Record<string, string | undefined>;
}) {
  const scope = { environment, component, range };
  return (
    <div className="space-y-6">
      {path ? <RangePicker range={range} path={path} query={query} /> : null}
      <CardSection title="Alerts" description={`Firing and pending alerts of ${component}`}>
        <AlertsSection {...scope} />
      </CardSection>
      <CardSection title="Metrics" description={`From the environment's Prometheus over the last ${range}; deploy runs are marked`}>
        <ChartsSection {...scope} />
      </CardSection>
      <CardSection title="Traces" description={`${component}'s traces in the environment's Jaeger over the last ${range}`}>
        <TracesSection {...scope} />
      </CardSection>
      <CardSection title="Grafana" description="The environment's dashboards">
        <DashboardsSection {...scope} panels={false} />
      </CardSection>
    </div>
  );
}
