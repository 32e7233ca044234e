import type { WatchStatus } from '../live/live-state';
import type { LiveObject } from '../live/trim-live-object';
import { trimEvent } from '../live/trim';
import type { TrimmedEvent } from '../live/trimmed';
import { forbiddenRead } from './component-health';
import { clusterReachability } from './environment-health';

// The recent Kubernetes events of one component's objects (its Deployments, their ReplicaSets and
// pods, its ScaledObject, KEDA's HPA, its disruption budgets), newest first and bounded. Pure: the
// page reads them from the Event watch cache on the server, the browser patches them from the
// live stream with the same function.

export type ComponentEvent = {
  uid: string;
  type: TrimmedEvent['type'];
  reason: string | null;
  message: string | null;
  /** Kind/name of the object it is about (Pod/wallet-api-7d9f8-abc). */
  object: string;
  count: number;
  /** When it was last seen (or created), ISO. */
  at: string | null;
};

export const maxComponentEvents = 30;

/** Whether an object belongs to the component: its Deployments (stable, canary) and disruption budgets by name, the ReplicaSets and pods they own (name-hash…), KEDA's ScaledObject and keda-hpa-name. */
export function belongsToComponent(component: string, kind: string, name: string): boolean {
  if (name === component || name === `${component}-canary`) return true;
  if (kind === 'HorizontalPodAutoscaler') return name === `keda-hpa-${component}` || name === `keda-hpa-${component}-canary`;
  return (kind === 'Pod' || kind === 'ReplicaSet') && name.startsWith(`${component}-`);
}

export function componentEvents(objects: readonly LiveObject[], component: string, limit = maxComponentEvents): ComponentEvent[] {
  return objects
    .filter((object) => object.kind === 'Event')
    .map(trimEvent)
    .filter((event) => belongsToComponent(component, event.involved.kind, event.involved.name))
    .map((event) => ({
      uid: event.metadata.uid,
      type: event.type,
      reason: event.reason ?? null,
      message: event.message ?? null,
      object: `${event.involved.kind}/${event.involved.name}`,
      count: event.count,
      at: event.lastSeen ?? event.metadata.creationTimestamp ?? null,
    }))
    .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? '') || a.uid.localeCompare(b.uid))
    .slice(0, limit);
}

/** A component's events as read: none, and why, when its Event watches cannot be read. */
export type ComponentEventsRead = { events: ComponentEvent[]; problem: string | null };

/**
 * Why the Event watches' caches cannot be shown as current (null when they can): a watch that
 * failed (cluster unreachable) or was refused (401/403) keeps the events it last held, which are
 * then frozen, not recent.
 */
export function eventsProblem(statuses: readonly WatchStatus[]): string | null {
  const reach = clusterReachability(statuses.filter((status) => status.key.kind === 'Event'), new Date());
  if (reach.state === 'unreachable') return `the cluster is unreachable since ${reach.since}${reach.error ? ` (${reach.error})` : ''}, so its events cannot be read`;
  if (reach.state === 'forbidden') return `${forbiddenRead(reach)} (${reach.error})`;
  return null;
}
