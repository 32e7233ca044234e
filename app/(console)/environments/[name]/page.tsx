import type { Metadata } from 'next';
import { canManageClusters, canManageWebhooks, canScaleEnvironment, canShareStatusPages, canWriteEnvironment } from '@/lib/core/auth/roles';
import { canForceApply, canPlan } from '@/lib/core/deploy/plan-policy';
import { canCheckDrift } from '@/lib/core/drift/drift-policy';
import { DriftBanner } from '@/components/drift/drift-banner';
import { getDrift } from '@/lib/server/drift/get-drift';
import { findDeployTargets } from '@/lib/server/environments/find-deploy-targets';
import { findClusterProvisioning } from '@/lib/server/clusters/find-cluster-provisioning';
import { describeProvisioning } from '@/lib/core/clusters/provisioning';
import { ProvisioningNotice } from '@/components/clusters/provisioning-notice';
import { Alert } from '@/components/ui/alert';
import { findPlans } from '@/lib/server/plans/find-plans';
import { toPlanDto } from '@/lib/server/plans/plan-dto';
import { PlanChangesButton } from '@/components/plans/plan-changes-button';
import { RecentPlans } from '@/components/plans/recent-plans';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { EnvironmentOverview } from '@/components/environments/environment-overview';
import { LeftBehindTargets } from '@/components/environments/left-behind-targets';
import { ProtectedBadge, TierBadge } from '@/components/environments/tier-badge';
import { ButtonLink, buttonClasses } from '@/components/ui/button';
import { GuardedAction } from '@/components/ui/guarded-action';
import { PageHeader } from '@/components/ui/page-header';
import { CardSection } from '@/components/ui/card';
import { DeployedNow } from '@/components/runs/deployed-now';
import { RunHistory } from '@/components/runs/run-history';
import { findRuns } from '@/lib/server/runs/find-runs';
import { getDeployedState } from '@/lib/server/runs/get-deployed-state';
import { toRunDto } from '@/lib/server/runs/run-dto';
import { StatusLinkManager } from '@/components/status-links/status-link-manager';
import { WebhookManager } from '@/components/webhooks/webhook-manager';
import { findWebhooks } from '@/lib/server/notifications/find-webhooks';
import { toWebhookDto } from '@/lib/server/notifications/webhook-dto';
import { findStatusLinks } from '@/lib/server/status-links/find-status-links';
import { toStatusLinkDto } from '@/lib/server/status-links/status-link-dto';
import { readEnvironmentHealth } from '@/lib/server/health/read-environment-health';
import { getBackupStatus } from '@/lib/server/backups/read-backup-status';
import { BackupStatusPanel } from '@/components/backups/backup-status-panel';
import { headForView, loadEnvironment } from './load-environment';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

export default async function EnvironmentPage({ params }: Props) {
  const { name } = await params;
  const { ctx, head } = await loadEnvironment(name, `/environments/${name}`);
  const { spec } = head;
  const canEdit = canWriteEnvironment(ctx.actor, { protected: spec.protection.protected, name });
  // A clone's own protection is chosen on the clone page; here the question is whether one may clone at all.
  const canClone = canWriteEnvironment(ctx.actor, { protected: false, name: 'a clone' });
  const provisioning = (await findClusterProvisioning(ctx)).find((cluster) => cluster.name === spec.cluster);
  const leftBehind = (await findDeployTargets(ctx, name)).flatMap((target) =>
    target.leftAt ? [{ cluster: target.cluster, namespace: target.namespace, leftAt: target.leftAt.toISOString() }] : [],
  );
  const [deployed, runs, health, backups, drift] = await Promise.all([
    getDeployedState(ctx, name),
    findRuns(ctx, name, { limit: 10 }),
    readEnvironmentHealth(ctx.deps, spec),
    getBackupStatus(ctx, name),
    getDrift(ctx, name),
  ]);
  const { actor } = ctx;
  const plans = (await findPlans(ctx, name, { limit: 5 })).items.map((plan) => toPlanDto(plan, ctx.deps.now()));
  const statusLinks = canShareStatusPages(ctx.actor).allowed ? (await findStatusLinks(ctx, name)).map((link) => toStatusLinkDto(link, ctx.deps.now())) : null;
  const webhooks = canManageWebhooks(ctx.actor).allowed ? (await findWebhooks(ctx, name)).map(toWebhookDto) : null;
  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} />}
        title={name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <TierBadge tier={spec.tier} />
            {spec.protection.protected ? <ProtectedBadge approvalsRequired={spec.protection.approvalsRequired} /> : null}
            <span className="font-mono text-xs">
              {spec.cluster} / {spec.namespace}
            </span>
          </span>
        }
        actions={
          <>
            <PlanChangesButton environment={name} decision={provisioning ? { allowed: false, reason: describeProvisioning(provisioning, ctx.deps.now()) } : canPlan(ctx.actor, { name, protected: spec.protection.protected })} />
            <GuardedAction decision={canEdit} label="Edit" href={`/environments/${name}/edit`} variant="primary" />
            <GuardedAction decision={canClone} label="Clone" href={`/environments/${name}/clone`} />
            <ButtonLink href={`/environments/${name}/monitoring`}>Monitoring</ButtonLink>
            <ButtonLink href={`/environments/${name}/troubleshoot`}>Troubleshoot</ButtonLink>
            <ButtonLink href={`/environments/${name}/history`}>History</ButtonLink>
            {/* A route handler, not a page: a plain link loads it as its own document. */}
            <a href={`/status/${name}`} className={buttonClasses('secondary')}>
              Status page
            </a>
          </>
        }
      />
      <div className="space-y-6">
        {head.specProblems.length ? (
          <Alert tone="warning" title={`Revision ${head.number} no longer passes today's rules`}>
            Nothing is planned from it until a revision that passes is saved: {head.specProblems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}.
          </Alert>
        ) : null}
        {provisioning ? <ProvisioningNotice text={describeProvisioning(provisioning, ctx.deps.now())} failed={provisioning.state === 'failed'} /> : null}
        <DriftBanner report={drift} reconcile={canPlan(actor, { name, protected: spec.protection.protected })} check={canCheckDrift(actor)} mayForce={canForceApply(actor).allowed} />
        <LeftBehindTargets environment={name} targets={leftBehind} canRelease={canManageClusters(ctx.actor).allowed} />
        <CardSection title="Deployed now" description="The revision of the last successful deploy run">
          <DeployedNow environment={name} headRevision={head.number} deployed={deployed ? { run: toRunDto(deployed.run), images: deployed.images } : null} />
        </CardSection>
        <CardSection title="Deploy runs" description="Every run is kept: who asked, who approved, what each object did, and the result">
          <RunHistory environment={name} runs={runs.items.map((run) => toRunDto(run))} />
        </CardSection>
        <RecentPlans environment={name} plans={plans} />
        <CardSection title="Backups" description="Cluster data: the last successful Velero backup of its namespaces, against the tier's recovery point objective">
          <BackupStatusPanel status={backups} />
        </CardSection>
        <EnvironmentOverview head={headForView(head)} health={health} scale={{ environment: name, decision: canScaleEnvironment(ctx.actor, { name }) }} />
        {statusLinks ? (
          <CardSection
            title="Status page sharing"
            description="Links that open this environment's status page without an account: component health in plain words, availability and incidents, never internals."
          >
            <StatusLinkManager environment={name} initialLinks={statusLinks} />
          </CardSection>
        ) : null}
        {webhooks ? (
          <CardSection
            title="Notifications"
            description="Outgoing webhooks: Slack-compatible or generic JSON signed with X-PersonaPass-Signature (HMAC-SHA256 of the timestamp and body). Deliveries are retried with backoff and logged."
          >
            <WebhookManager environment={name} initialWebhooks={webhooks} />
          </CardSection>
        ) : null}
      </div>
    </>
  );
}
