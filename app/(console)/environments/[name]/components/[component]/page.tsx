import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { ComponentLive } from '@/components/health/component-live';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { LogTail } from '@/components/logs/log-tail';
import { ScalePanel } from '@/components/scaling/scale-panel';
import { PageHeader } from '@/components/ui/page-header';
import { canReadLogs } from '@/lib/core/auth/roles';
import { readObservabilityQuery } from '@/lib/core/metrics/page-query';
import { componentNames, type ComponentName } from '@/lib/core/environments/environment-spec';
import { readComponentEvents, readEnvironmentHealth } from '@/lib/server/health/read-environment-health';
import { ComponentObservability } from '../../component-observability';
import { loadEnvironment } from '../../load-environment';

type Props = { params: Promise<{ name: string; component: string }>; searchParams: Promise<{ range?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, component } = await params;
  return { title: `${component} · ${name}` };
}

const isComponent = (value: string): value is ComponentName => (componentNames as readonly string[]).includes(value);

export default async function ComponentPage({ params, searchParams }: Props) {
  const { name, component } = await params;
  // An unknown range falls back to the default rather than failing the page, as on the monitoring page.
  const { range } = readObservabilityQuery({ range: (await searchParams).range });
  if (!isComponent(component)) notFound();
  // loadEnvironment authorizes (canReadEnvironments) and 404s a missing environment; the reads below need not.
  const { ctx, head } = await loadEnvironment(name, `/environments/${name}/components/${component}`);
  const [health, events] = await Promise.all([readEnvironmentHealth(ctx.deps, head.spec), readComponentEvents(ctx.deps, head.spec, component)]);

  const pods = health.components.find((c) => c.name === component)?.pods ?? [];
  // Viewers never see logs (the route refuses them too); the pod list is the page's first read, the
  // log answer brings the current one.
  const logs = ctx.actor && canReadLogs(ctx.actor).allowed ? <LogTail environment={name} component={component} pods={pods.map((pod) => ({ name: pod.name, containers: [] }))} /> : null;
  const observability = <ComponentObservability environment={name} component={component} range={range} path={`/environments/${name}/components/${component}`} query={{ range }} />;
  const slots: { scale: ReactNode; observability: ReactNode; logs: ReactNode } = { scale: <ScalePanel environment={name} component={component} />, observability, logs };

  return (
    <>
      <PageHeader eyebrow={<EnvironmentCrumbs name={name} here={component} />} title={<span className="font-mono">{component}</span>} description={`${head.spec.cluster} / ${head.spec.namespace}`} />
      <ComponentLive environment={name} component={component} initialHealth={health} initialEvents={events} slots={slots} />
    </>
  );
}
