import type { ComponentEvent } from '@/lib/core/health/component-events';
import type { ComponentHealthView, EnvironmentHealth } from '@/lib/core/health/environment-health';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { CardSection } from '../ui/card';
import { DateTime } from '../ui/date-time';
import { EmptyState } from '../ui/empty-state';
import { Table, Td, Th } from '../ui/table';
import { DescriptionList } from '../environments/description-list';
import { age } from './age';
import { FiringAlertCount, HealthBadge } from './health-badge';

// A component's live state, presentational: the verdict and its reasons, replicas, pods, recent
// events and firing alerts. Rendered on the server first, then again in the browser as the live
// stream refreshes it (component-live.tsx).

const reasonTones = { problem: 'danger', warning: 'warning', info: 'neutral' } as const;

export function ClusterNotice({ cluster, connection }: { cluster: EnvironmentHealth['cluster']; connection?: 'connecting' | 'live' | 'reconnecting' }) {
  return (
    <>
      {cluster.state === 'unreachable' ? (
        <Alert tone="danger" title={`Cluster unreachable since ${cluster.since}`}>
          <span data-testid="cluster-unreachable">Nothing below is current: the verdicts are Unknown until the console reaches the cluster again.{cluster.error ? ` ${cluster.error}` : ''}</span>
        </Alert>
      ) : cluster.state === 'forbidden' ? (
        <Alert tone="danger" title={`The console may not read ${cluster.kind}s in ${cluster.namespace || 'the cluster'}`}>
          <span data-testid="cluster-forbidden">
            The cluster refused the console&apos;s credential, so the verdicts are Unknown until its access is granted (the environment&apos;s RoleBinding applied, or the credential renewed). {cluster.error}
          </span>
        </Alert>
      ) : cluster.state === 'syncing' ? (
        <Alert tone="info" title="Reading the cluster's state">
          The console is listing the cluster&apos;s objects; verdicts follow in a moment.
        </Alert>
      ) : null}
      {connection === 'reconnecting' ? (
        <Alert tone="warning" title="Live updates interrupted">
          <span data-testid="live-reconnecting">Reconnecting to the live stream; what is shown may be behind.</span>
        </Alert>
      ) : null}
    </>
  );
}

export function VerdictSection({ component, alertsUnknown }: { component: ComponentHealthView; alertsUnknown: string | null }) {
  const { replicas } = component;
  return (
    <CardSection
      title="Health"
      description={
        <span className="flex flex-wrap items-center gap-2">
          <HealthBadge status={component.status} />
          <FiringAlertCount firing={component.alerts.firing} critical={component.alerts.critical} />
          {component.alerts.pending > 0 ? <Badge tone="neutral">{component.alerts.pending} pending</Badge> : null}
        </span>
      }
    >
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <h3 className="text-sm font-semibold">Why</h3>
          {component.reasons.length ? (
            <ul className="mt-2 space-y-1.5 text-sm" aria-label="Reasons" data-testid="health-reasons">
              {component.reasons.map((reason, index) => (
                <li key={index} className="flex items-start gap-2">
                  <Badge tone={reasonTones[reason.level]}>{reason.level}</Badge>
                  <span>{reason.text}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No reasons given.</p>
          )}
        </div>
        <DescriptionList
          items={[
            {
              term: 'Replicas',
              value: (
                <span data-testid="replicas">
                  {replicas.ready} ready of {replicas.desired} desired ({replicas.available} available, {replicas.updated} updated)
                </span>
              ),
            },
            { term: 'Autoscaler bounds', value: replicas.min !== undefined || replicas.max !== undefined ? `min ${replicas.min ?? '—'}, max ${replicas.max ?? '—'}` : 'no autoscaler' },
            { term: 'Version', value: component.version ? <span className="font-mono">{component.version}</span> : '—' },
            {
              term: 'Alerts',
              value: alertsUnknown ? (
                <span className="text-amber-800 dark:text-amber-300">unknown: {alertsUnknown}</span>
              ) : (
                `${component.alerts.firing} firing (${component.alerts.critical} critical), ${component.alerts.pending} pending`
              ),
            },
          ]}
        />
      </div>
    </CardSection>
  );
}

export function PodsTable({ component, now }: { component: ComponentHealthView; now: string }) {
  if (component.pods.length === 0) {
    return <EmptyState title="No pods">{component.status === 'Unknown' ? 'The cluster cannot be read right now.' : 'Nothing runs for this component right now.'}</EmptyState>;
  }
  return (
    <Table caption={`Pods of ${component.name}`}>
      <thead>
        <tr>
          <Th>Pod</Th>
          <Th>Node</Th>
          <Th>Zone</Th>
          <Th>Phase</Th>
          <Th>Age</Th>
          <Th>Restarts</Th>
        </tr>
      </thead>
      <tbody data-testid="pods">
        {component.pods.map((pod) => (
          <tr key={pod.name} data-testid="pod-row" data-pod={pod.name}>
            <th scope="row" className="border-b border-slate-100 px-4 py-2.5 text-left align-top font-mono text-xs font-normal dark:border-slate-800">
              {pod.name}
              {pod.deployment.endsWith('-canary') ? (
                <Badge tone="violet" className="ml-2">
                  canary
                </Badge>
              ) : null}
            </th>
            <Td className="font-mono text-xs">{pod.node ?? '—'}</Td>
            <Td className="text-xs">{pod.zone ?? '—'}</Td>
            <Td>
              <span className="flex flex-wrap items-center gap-1.5">
                <Badge tone={pod.phase === 'Running' && pod.ready ? 'success' : pod.phase === 'Failed' ? 'danger' : 'neutral'}>{pod.phase}</Badge>
                {pod.ready ? null : <span className="text-xs text-slate-600 dark:text-slate-400">not ready</span>}
                {pod.reason ? <span className="text-xs text-amber-800 dark:text-amber-300">{pod.reason}</span> : null}
              </span>
            </Td>
            <Td className="text-xs">
              <span title={pod.startedAt ?? undefined}>{age(pod.startedAt, now)}</span>
            </Td>
            <Td className="text-xs">{pod.restarts}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function EventsList({ events }: { events: ComponentEvent[] }) {
  if (events.length === 0) return <EmptyState title="No recent events">Kubernetes keeps events for about an hour.</EmptyState>;
  return (
    <ol className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label="Recent events" data-testid="events">
      {events.map((event) => (
        <li key={event.uid} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2">
          <span className="w-36 shrink-0 text-xs text-slate-600 dark:text-slate-400">
            <DateTime value={event.at} />
          </span>
          <Badge tone={event.type === 'Warning' ? 'warning' : 'neutral'}>{event.reason ?? event.type}</Badge>
          <span className="font-mono text-xs">{event.object}</span>
          {event.count > 1 ? <span className="text-xs text-slate-600 dark:text-slate-400">×{event.count}</span> : null}
          <span className="basis-full text-slate-700 dark:text-slate-300">{event.message}</span>
        </li>
      ))}
    </ol>
  );
}
