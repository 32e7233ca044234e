import type { Metadata } from 'next';
import { readObservabilityQuery } from '@/lib/core/metrics/page-query';
import { componentNames } from '@/lib/core/environments/environment-spec';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { AlertsSection, ChartsSection, ComponentFilterSection, DashboardsSection, TracesSection } from '../observability-sections';
import { RangePicker } from '@/components/observability/range-picker';
import { CardSection } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { loadEnvironment } from '../load-environment';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ range?: string | string[]; component?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Monitoring ${(await params).name}` };
}

export default async function MonitoringPage({ params, searchParams }: Props) {
  const { name } = await params;
  // An unknown range or component in the URL falls back to the defaults rather than failing the page.
  const { range, component } = readObservabilityQuery(await searchParams);
  const path = `/environments/${name}/monitoring`;
  await loadEnvironment(name, hrefPath(path, range, component));
  const query = { range, component };
  const scope = { environment: name, component, range };
  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} here="Monitoring" />}
        title={`Monitoring ${name}`}
        description={component ? `${component} over the last ${range}` : `Every component over the last ${range}`}
      />
      <div className="space-y-6">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ComponentFilterSection environment={name} components={componentNames} component={component} path={path} query={query} />
          <RangePicker range={range} path={path} query={query} />
        </div>
        <CardSection title="Alerts" description={component ? `Firing and pending alerts of ${component}` : 'Firing and pending alerts of the environment'}>
          <AlertsSection {...scope} />
        </CardSection>
        <CardSection title="Metrics" description="From the environment's Prometheus; deploy runs are marked on every chart">
          <ChartsSection {...scope} />
        </CardSection>
        <CardSection title="Traces" description={component ? `${component}'s traces in the environment's Jaeger` : "Each component's traces in the environment's Jaeger"}>
          {component ? <TracesSection {...scope} component={component} /> : <p className="text-sm text-slate-600 dark:text-slate-400">Choose a component above to list its error and slowest traces.</p>}
        </CardSection>
        <CardSection title="Grafana" description="The environment's dashboards">
          <DashboardsSection {...scope} />
        </CardSection>
      </div>
    </>
  );
}

function hrefPath(path: string, range: string, component: string | undefined) {
  return `${path}?range=${range}${component ? `&component=${component}` : ''}`;
}
