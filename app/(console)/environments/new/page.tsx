import type { Metadata } from 'next';
import Link from 'next/link';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findClusterNames } from '@/lib/server/clusters/find-cluster-names';
import { SpecForm } from '@/components/environments/spec-form';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'New environment' };

export default async function NewEnvironmentPage() {
  const ctx = await getPageContext('/environments/new');
  const clusterNames = await findClusterNames(ctx);
  // Start from the platform's own development figures with an empty name for the user to choose,
  // on the only cluster when there is just one.
  const initialSpec = { ...starterSpec('', 'development'), namespace: '', cluster: clusterNames.length === 1 ? clusterNames[0]! : '' };
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/environments" className="hover:underline">Environments</Link>}
        title="New environment"
        description="Starts from the platform's development defaults. Everything is validated as you type."
      />
      <SpecForm mode="create" actor={ctx.actor} initialSpec={initialSpec} clusterNames={clusterNames} />
    </>
  );
}
