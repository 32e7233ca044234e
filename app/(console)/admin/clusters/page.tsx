import type { Metadata } from 'next';
import { canManageClusters } from '@/lib/core/auth/roles';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findClusterProvisioning } from '@/lib/server/clusters/find-cluster-provisioning';
import { findClusters } from '@/lib/server/clusters/find-clusters';
import { describeProvisioning } from '@/lib/core/clusters/provisioning';
import { ProvisioningNotice } from '@/components/clusters/provisioning-notice';
import { ClusterTable } from '@/components/clusters/cluster-table';
import { RegisterClusterForm } from '@/components/clusters/register-cluster-form';
import { CardSection } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ForbiddenState } from '@/components/ui/forbidden-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Clusters' };

export default async function ClustersPage() {
  const ctx = await getPageContext('/admin/clusters');
  const decision = canManageClusters(ctx.actor);
  if (!decision.allowed) return <ForbiddenState title="Clusters" reason={decision.reason} />;
  const [clusters, provisioning] = await Promise.all([findClusters(ctx), findClusterProvisioning(ctx)]);
  return (
    <>
      <PageHeader title="Clusters" description="Kubernetes clusters the console deploys to. Credentials are encrypted at rest and never shown." />
      <div className="space-y-8">
        {provisioning.map((cluster) => (
          <ProvisioningNotice key={cluster.name} text={describeProvisioning(cluster, ctx.deps.now())} failed={cluster.state === 'failed'} />
        ))}
        {clusters.length === 0 ? (
          <EmptyState title="No clusters registered">Register a cluster below so environments can be deployed to it.</EmptyState>
        ) : (
          <ClusterTable clusters={clusters.map((cluster) => ({ ...cluster, updatedAt: cluster.updatedAt.toISOString(), credentialExpiresAt: cluster.credentialExpiresAt?.toISOString() ?? null }))} />
        )}
        <CardSection title="Register a cluster">
          <RegisterClusterForm />
        </CardSection>
      </div>
    </>
  );
}
