import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { componentNames } from '@/lib/core/environments/environment-spec';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { ScalePanel } from '@/components/scaling/scale-panel';
import { PageHeader } from '@/components/ui/page-header';
import { loadEnvironment } from '../../../load-environment';

type Props = { params: Promise<{ name: string; component: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, component } = await params;
  return { title: `Scale ${component} in ${name}` };
}

export default async function ScalePage({ params }: Props) {
  const { name, component } = await params;
  if (!(componentNames as readonly string[]).includes(component)) notFound();
  // The environment must exist and be readable: the not-found page otherwise.
  await loadEnvironment(name, `/environments/${name}/components/${component}/scale`);
  return (
    <>
      <PageHeader eyebrow={<EnvironmentCrumbs name={name} here={`Scale ${component}`} />} title={`Scale ${component}`} description="A scale is an environment edit: a new revision, planned and deployed through the pipeline, so later deploys keep it" />
      <ScalePanel environment={name} component={component} />
    </>
  );
}
