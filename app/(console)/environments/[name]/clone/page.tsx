import type { Metadata } from 'next';
import { CloneForm } from '@/components/environments/clone-form';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { PageHeader } from '@/components/ui/page-header';
import { loadEnvironment } from '../load-environment';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Clone ${(await params).name}` };
}

export default async function CloneEnvironmentPage({ params }: Props) {
  const { name } = await params;
  const { ctx, head } = await loadEnvironment(name, `/environments/${name}/clone`);
  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} here="Clone" />}
        title={`Clone ${name}`}
        description={`Creates a new environment from revision ${head.number} of ${name}.`}
      />
      <CloneForm actor={ctx.actor} source={head.spec} />
    </>
  );
}
