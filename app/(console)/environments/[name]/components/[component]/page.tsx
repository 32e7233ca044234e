import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { ComponentLive } from '@/components/health/component-live';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { PageHeader } from '@/components/ui/page-header';
import { componentNames, type ComponentName } from '@/lib/core/environments/environment-spec';
import { readComponentEvents, readEnvironmentHealth } from '@/lib/server/health/read-environment-health';
import { loadEnvironment } from '../../load-environment';

type Props = { params: Promise<{ name: string; component: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, component } = await params;
  return { title: `${component} · ${name}` };
}

const isComponent = (value: string): value is ComponentName => (componentNames as readonly string[]).includes(value);

export default async function ComponentPage({ params }: Props) {
  const { name, component } = await params;
  if (!isComponent(component)) notFound();
  // loadEnvironment authorizes (canReadEnvironments) and 404s a missing environment; the reads below need not.
  const { ctx, head } = await loadEnvironment(name, `/environments/${name}/components/${component}`);
  const [health, events] = await Promise.all([readEnvironmentHealth(ctx.deps, head.spec), readComponentEvents(ctx.deps, head.spec, component)]);

  // Slots for the panels other branches build; each replaces its null here:
  //   scale:         <ScalePanel …/>              (branch issue10-scale)
  //   observability: <ComponentObservability …/>  (branch issue10-obsui)
  //   logs:          <LogTail …/>                 (branch issue10-logs)
  const slots: { scale: ReactNode; observability: ReactNode; logs: ReactNode } = { scale: null, observability: null, logs: null };

  return (
    <>
      <PageHeader eyebrow={<EnvironmentCrumbs name={name} here={component} />} title={<span className="font-mono">{component}</span>} description={`${head.spec.cluster} / ${head.spec.namespace}`} />
      <ComponentLive environment={name} component={component} initialHealth={health} initialEvents={events} slots={slots} />
    </>
  );
}
