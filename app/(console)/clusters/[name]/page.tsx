import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { canReadClusterReadiness } from '@/lib/core/auth/roles';
import { errorCode } from '@/lib/core/errors';
import { getPageContext } from '@/lib/server/auth/page-context';
import { getClusterReadiness } from '@/lib/server/setup/get-cluster-readiness';
import { ReadinessReportView } from '@/components/clusters/readiness-report-view';
import { Alert } from '@/components/ui/alert';
import { CardSection } from '@/components/ui/card';
import { ForbiddenState } from '@/components/ui/forbidden-state';
import { PageHeader } from '@/components/ui/page-header';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Cluster ${(await params).name}` };
}

/** Read live from the cluster (several seconds when it is slow): streamed in its own Suspense boundary. */
async function Readiness({ name }: { name: string }) {
  const ctx = await getPageContext(`/clusters/${name}`);
  try {
    return <ReadinessReportView report={await getClusterReadiness(ctx, name)} />;
  } catch (error) {
    if (errorCode(error) === 'not_found') notFound();
    // A credential that no longer opens (its address was edited) or the like: said, not a 500.
    if (errorCode(error)) return <Alert tone="danger" title="The readiness report could not be made">{(error as Error).message}</Alert>;
    throw error;
  }
}

export default async function ClusterPage({ params }: Props) {
  const { name } = await params;
  const ctx = await getPageContext(`/clusters/${name}`);
  const decision = canReadClusterReadiness(ctx.actor);
  if (!decision.allowed) return <ForbiddenState title={`Cluster ${name}`} reason={decision.reason} />;
  return (
    <>
      <PageHeader
        eyebrow={ctx.actor.role === 'admin' ? <Link className="underline" href="/admin/clusters">Clusters</Link> : 'Cluster'}
        title={<span className="font-mono">{name}</span>}
        description="Is this cluster ready for the platform? Read now from the cluster as the console's own credential; nothing is written."
        actions={
          <Link href={`/clusters/${encodeURIComponent(name)}`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:hover:bg-slate-800">
            Check again
          </Link>
        }
      />
      <CardSection title="Readiness" description={<>The same report as <code>GET /api/v1/clusters/{name}/readiness</code> and <code>personapass setup {name}</code>, which also prints what a cluster administrator must apply.</>}>
        <Suspense fallback={<div role="status" aria-label="Reading the cluster" className="h-40 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" />}>
          <Readiness name={name} />
        </Suspense>
      </CardSection>
    </>
  );
}
