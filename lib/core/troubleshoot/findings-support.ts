// Small helpers the area checks share. Pure.
import type { TrimmedEvent, TrimmedPod } from '../live/trimmed';

export const secondsSince = (now: Date, time: string | undefined) => (time ? Math.max(0, (now.getTime() - Date.parse(time)) / 1000) : undefined);

export function duration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return 'an unknown time';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The newest events about one object (Kind/name), newest first. */
export function eventsAbout(events: readonly TrimmedEvent[], kind: string, name: string, reasons?: readonly string[]): TrimmedEvent[] {
  return events
    .filter((event) => event.involved.kind === kind && event.involved.name === name && (!reasons || (event.reason !== undefined && reasons.includes(event.reason))))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''));
}

export const describeEvent = (event: TrimmedEvent) => `event ${event.reason ?? '(no reason)'}${event.count > 1 ? ` ×${event.count}` : ''}: ${event.message ?? '(no message)'}`;

/** The Deployment a pod's ReplicaSet belongs to: the ReplicaSet's name without its pod-template hash. */
const deploymentOfPod = (pod: TrimmedPod) => (pod.replicaSet ? pod.replicaSet.slice(0, pod.replicaSet.lastIndexOf('-')) : null);

/** The label that names a pod's component (the platform's render puts it on every pod template). */
export const componentLabel = 'app.kubernetes.io/name';

/** A component's pods: labelled with its name, or owned by its Deployments (stable, canary). */
export function podsOfComponent(pods: readonly TrimmedPod[], component: string): TrimmedPod[] {
  return pods.filter((pod) => pod.metadata.labels[componentLabel] === component || [component, `${component}-canary`].includes(deploymentOfPod(pod) ?? ''));
}
