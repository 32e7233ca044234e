import type { Metadata } from 'next';
import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { findClusterNames } from '@/lib/server/clusters/find-cluster-names';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { SpecForm } from '@/components/environments/spec-form';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { loadEnvironment } from '../load-environment';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit ${(await params).name}` };
}

export default async function EditEnvironmentPage({ params }: Props) {
  const { name } = await params;
  const { ctx, head } = await loadEnvironment(name, `/environments/${name}/edit`);
  const decision = canWriteEnvironment(ctx.actor, { protected: head.spec.protection.protected, name });
  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} here="Edit" />}
        title={`Edit ${name}`}
        description="Saving adds a new revision; nothing is changed in place."
      />
      {decision.allowed ? null : (
        <Alert tone="warning" title="You can look but not save" className="mb-6">
          {decision.reason}.
        </Alert>
      )}
      <SpecForm mode="edit" actor={ctx.actor} initialSpec={head.spec} revision={head.number} clusterNames={await findClusterNames(ctx)} />
    </>
  );
}
