import type { Metadata } from 'next';
import { Suspense } from 'react';
import { canDownloadSupportBundle } from '@/lib/core/auth/roles';
import { componentNames, type ComponentName } from '@/lib/core/environments/environment-spec';
import { chartComponent } from '@/lib/core/metrics/metric-charts';
import { diagnoseEnvironment } from '@/lib/server/troubleshoot/diagnose-environment';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { ComponentFilter } from '@/components/observability/component-filter';
import { DiagnosisView } from '@/components/troubleshoot/diagnosis-view';
import { GuardedAction } from '@/components/ui/guarded-action';
import { PageHeader } from '@/components/ui/page-header';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { UseCaseContext } from '@/lib/server/context';
import { loadEnvironment } from '../load-environment';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ component?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Troubleshoot ${(await params).name}` };
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function TroubleshootPage({ params, searchParams }: Props) {
  const { name } = await params;
  // An unknown component in the URL falls back to all of them rather than failing the page.
  const component = chartComponent.optional().catch(undefined).parse(first((await searchParams).component));
  const path = `/environments/${name}/troubleshoot`;
  const { ctx, head } = await loadEnvironment(name, component ? `${path}?component=${component}` : path);
  const enabled = componentNames.filter((n) => head.spec.components[n].enabled);
  const scope = component && enabled.includes(component) ? component : undefined;
  const bundleHref = `/api/v1/environments/${encodeURIComponent(name)}/support-bundle${scope ? `?component=${scope}` : ''}`;
  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} here="Troubleshoot" />}
        title={`Troubleshoot ${name}`}
        description={`What is wrong with ${scope ?? 'its components'} now: pod start-up, network, scaling and performance, with the evidence and what to do`}
        actions={<GuardedAction decision={canDownloadSupportBundle(ctx.actor)} label="Download support bundle" href={bundleHref} variant="primary" download />}
      />
      <div className="space-y-6">
        <ComponentFilter components={enabled} component={scope} path={path} query={{}} />
        <Suspense fallback={<div role="status" aria-label="Diagnosing" className="h-40 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" />}>
          <Diagnosis ctx={ctx} spec={head.spec} component={scope} />
        </Suspense>
      </div>
    </>
  );
}

async function Diagnosis({ ctx, spec, component }: { ctx: UseCaseContext; spec: EnvironmentSpec; component?: ComponentName }) {
  return <DiagnosisView diagnosis={await diagnoseEnvironment(ctx.deps, spec, component)} />;
}
