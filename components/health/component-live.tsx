'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { componentEvents, eventsProblem, type ComponentEventsRead } from '@/lib/core/health/component-events';
import { withoutPod, type EnvironmentHealth } from '@/lib/core/health/environment-health';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import type { WatchStatus } from '@/lib/core/live/live-state';
import type { LiveObject } from '@/lib/core/live/trim-live-object';
import { Alert } from '../ui/alert';
import { CardSection } from '../ui/card';
import { ClusterNotice, EventsList, PodsTable, VerdictSection } from './component-health-view';
import { FiringAlertCount, HealthBadge } from './health-badge';
import { useEnvironmentLive, type LiveMessage } from './use-environment-live';

export const healthQueryKey = (environment: string) => ['environment-health', environment] as const;

async function fetchHealth(environment: string): Promise<EnvironmentHealth> {
  const response = await fetch(`/api/v1/environments/${encodeURIComponent(environment)}/health`, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `the console answered ${response.status}`);
  }
  return (await response.json()) as EnvironmentHealth;
}

/** Coalesces a burst of changes (a rollout moves many objects) into one health read. */
const refreshDelayMs = 100;

/** The page's health query: one per environment, shared by every component reading it. */
function useHealthQuery(environment: string, initial: EnvironmentHealth) {
  return useQuery({
    queryKey: healthQueryKey(environment),
    queryFn: () => fetchHealth(environment),
    initialData: initial,
    // Read again only when the live stream says something changed: never polled.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

/**
 * The environment's health kept current by its live stream: any change of the watched objects or
 * of a watch's status invalidates the health query, which is read again from the server's caches.
 * Returns the health and the stream's state; the events of the objects seen are handed to onObjects.
 */
export function useLiveEnvironmentHealth(environment: string, initial: EnvironmentHealth, onObjects?: (message: LiveMessage) => void) {
  const queryClient = useQueryClient();
  const query = useHealthQuery(environment, initial);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onMessage = useCallback(
    (message: LiveMessage) => {
      onObjects?.(message);
      if (message.type !== 'snapshot' && message.key.kind === 'Event') return;
      // A deleted pod leaves the list at once; the verdict and replicas follow the re-read below.
      if (message.type === 'delete' && message.key.kind === 'Pod') {
        const pod = message.object.metadata.name;
        queryClient.setQueryData<EnvironmentHealth>(healthQueryKey(environment), (held) => (held ? withoutPod(held, pod) : held));
      }
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        void queryClient.invalidateQueries({ queryKey: healthQueryKey(environment) });
      }, refreshDelayMs);
    },
    [environment, onObjects, queryClient],
  );
  const connection = useEnvironmentLive(environment, onMessage);
  return { health: query.data, error: query.error, connection };
}

/** The one live stream of a page listing components (the environment page): keeps the health query current, shows the cluster's and the stream's state. */
export function LiveHealthFeed({ environment, initialHealth }: { environment: string; initialHealth: EnvironmentHealth }) {
  const { health, connection } = useLiveEnvironmentHealth(environment, initialHealth);
  return (
    <div aria-live="polite" className="space-y-3">
      <ClusterNotice cluster={health.cluster} connection={connection} />
    </div>
  );
}

/** A component's verdict and firing alerts in a table cell, following the page's health query. */
export function HealthCell({ environment, component, initialHealth }: { environment: string; component: ComponentName; initialHealth: EnvironmentHealth }) {
  const { data } = useHealthQuery(environment, initialHealth);
  const view = data.components.find((c) => c.name === component);
  if (!view) return <span className="text-xs text-slate-600 dark:text-slate-400">not running</span>;
  return (
    <span className="flex flex-wrap items-center gap-1.5" data-component-health={component}>
      <HealthBadge status={view.status} />
      <FiringAlertCount firing={view.alerts.firing} critical={view.alerts.critical} />
    </span>
  );
}

type Slots = {
  /** ScalePanel (branch issue10-scale): scaling the component, its autoscaler's recent decisions. */
  scale?: ReactNode;
  /** ComponentObservability (branch issue10-obsui): charts, traces, Grafana panels and the alert list. */
  observability?: ReactNode;
  /** LogTail (branch issue10-logs): the log tail, operators and above. */
  logs?: ReactNode;
};

/** A component's page body, live: verdict, replicas, pods and events, with the other branches' panels in their slots. */
export function ComponentLive({ environment, component, initialHealth, initialEvents, slots }: { environment: string; component: ComponentName; initialHealth: EnvironmentHealth; initialEvents: ComponentEventsRead; slots: Slots }) {
  const [events, setEvents] = useState(initialEvents);
  const eventObjects = useRef(new Map<string, LiveObject>());
  // The Event watches' statuses by namespace: a failed or refused one holds frozen events, shown as a problem instead.
  const eventWatches = useRef(new Map<string, WatchStatus>());
  const onObjects = useCallback(
    (message: LiveMessage) => {
      const held = eventObjects.current;
      const watches = eventWatches.current;
      if (message.type === 'snapshot') {
        held.clear();
        watches.clear();
        for (const object of message.objects) if (object.kind === 'Event') held.set(object.metadata.uid, object);
        for (const status of message.statuses) if (status.key.kind === 'Event') watches.set(status.key.namespace, status);
      } else if (message.type === 'upsert' && message.object.kind === 'Event') held.set(message.object.metadata.uid, message.object);
      else if (message.type === 'delete' && message.object.kind === 'Event') held.delete(message.object.metadata.uid);
      else if (message.type === 'status' && message.key.kind === 'Event') watches.set(message.key.namespace, message.status);
      else return;
      const problem = eventsProblem([...watches.values()]);
      setEvents({ events: problem ? [] : componentEvents([...held.values()], component), problem });
    },
    [component],
  );
  const { health, error, connection } = useLiveEnvironmentHealth(environment, initialHealth, onObjects);
  const view = health.components.find((c) => c.name === component);

  return (
    <div className="space-y-6">
      <div aria-live="polite" className="space-y-3">
        <ClusterNotice cluster={health.cluster} connection={connection} />
        {error ? (
          <Alert tone="warning" title="Could not refresh">
            {error.message}; showing the state read at {health.checkedAt}.
          </Alert>
        ) : null}
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="live-connection">
        {connection === 'live' ? 'Live: changes appear as the cluster reports them.' : connection === 'connecting' ? 'Connecting to live updates…' : 'Reconnecting…'}
      </p>
      {view ? (
        <>
          <VerdictSection component={view} alertsUnknown={health.alerts.available ? null : health.alerts.message} />
          {/* Slot: ScalePanel (branch issue10-scale). */}
          {slots.scale}
          <CardSection title="Pods" description="Node, zone, phase, age and restarts of each pod of its Deployments">
            <PodsTable component={view} now={health.checkedAt} />
          </CardSection>
          {/* Slot: ComponentObservability (branch issue10-obsui). */}
          {slots.observability}
          <CardSection title="Recent events" description="Kubernetes events of its Deployments, ReplicaSets, pods and autoscaler, newest first">
            {events.problem ? (
              <Alert tone="warning" title="Events cannot be read">
                {events.problem}. Events held from before are not shown: they would look current.
              </Alert>
            ) : (
              <EventsList events={events.events} />
            )}
          </CardSection>
          {/* Slot: LogTail (branch issue10-logs). */}
          {slots.logs}
        </>
      ) : (
        <Alert tone="info" title="Not running">
          This component is disabled in the environment&apos;s head revision.
        </Alert>
      )}
    </div>
  );
}
