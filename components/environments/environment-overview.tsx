import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { EnvironmentHealth } from '@/lib/core/health/environment-health';
import { LiveHealthFeed } from '../health/component-live';
import { Badge } from '../ui/badge';
import { CardSection } from '../ui/card';
import { DateTime } from '../ui/date-time';
import { ComponentsTable, type ScaleAction } from './components-table';
import { DependenciesOverview } from './dependencies-overview';
import { DescriptionList } from './description-list';
import { NodeCount } from './node-count';
import { ObservabilityLinks } from './observability-links';
import { ProtectedBadge, TierBadge } from './tier-badge';
import { WatchdogStatus } from './watchdog-status';

export type HeadRevision = { number: number; author: string; createdAt: string; changeNote: string; spec: EnvironmentSpec };

const onOff = (value: boolean) => <Badge tone={value ? 'success' : 'neutral'}>{value ? 'on' : 'off'}</Badge>;

/** The head revision's settings; with `health`, the components' live verdicts (one live stream for the page); `scale`: where the page offers a Scale action per component (the actor's permission to scale). */
export function EnvironmentOverview({ head, health, scale }: { head: HeadRevision; health?: EnvironmentHealth; scale?: ScaleAction }) {
  const { spec } = head;
  return (
    <div className="space-y-6">
      <CardSection title="Overview">
        <DescriptionList
          items={[
            { term: 'Tier', value: <TierBadge tier={spec.tier} /> },
            {
              term: 'Protection',
              value: spec.protection.protected ? (
                <span className="flex flex-wrap items-center gap-2">
                  <ProtectedBadge approvalsRequired={spec.protection.approvalsRequired} />
                  <span className="text-slate-600 dark:text-slate-400">approvals expire after {spec.protection.approvalExpiryHours} h</span>
                </span>
              ) : (
                'not protected'
              ),
            },
            { term: 'Cluster', value: <span className="font-mono">{spec.cluster}</span> },
            { term: 'Namespace', value: <span className="font-mono">{spec.namespace}</span> },
            { term: 'Nodes', value: <NodeCount spec={spec} /> },
            {
              term: 'Head revision',
              value: (
                <span>
                  <span className="font-semibold">revision {head.number}</span> by {head.author}, <DateTime value={head.createdAt} />
                  <span className="mt-0.5 block text-slate-600 italic dark:text-slate-400">“{head.changeNote}”</span>
                </span>
              ),
            },
          ]}
        />
      </CardSection>

      <section aria-labelledby="components-heading" className="space-y-3">
        <h2 id="components-heading" className="text-base font-semibold">
          Components
        </h2>
        {health ? <LiveHealthFeed environment={spec.name} initialHealth={health} /> : null}
        <ComponentsTable spec={spec} health={health} scale={scale} />
      </section>

      <section aria-labelledby="dependencies-heading" className="space-y-3">
        <h2 id="dependencies-heading" className="text-base font-semibold">
          External dependencies
        </h2>
        <DependenciesOverview spec={spec} />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <CardSection title="Toggles">
          <DescriptionList
            items={[
              { term: 'mTLS strict', value: onOff(spec.toggles.mtlsStrict) },
              { term: 'Monitoring', value: onOff(spec.toggles.monitoring) },
              {
                term: 'Tracing sampling ratio',
                value: `${spec.toggles.tracingSamplingRatio} (${Math.round(spec.toggles.tracingSamplingRatio * 1000) / 10}% of requests)`,
              },
            ]}
          />
        </CardSection>
        <CardSection title="Observability">
          <div className="space-y-4">
            <ObservabilityLinks observability={spec.observability} />
            <WatchdogStatus spec={spec} />
          </div>
        </CardSection>
      </div>
    </div>
  );
}
