import type { DomainEvent, DomainEvents, Notifier } from '@/lib/core/ports';

/** `Kind/namespace/name` or `Kind/name` (manifests/kube-object.ts objectId) as the drift webhook's object. */
function objectRef(objectId: string): { kind: string; namespace: string; name: string } {
  const [kind = '', ...rest] = objectId.split('/');
  return rest.length >= 2 ? { kind, namespace: rest[0]!, name: rest.slice(1).join('/') } : { kind, namespace: '', name: rest[0] ?? '' };
}

/**
 * Domain events as the environment's webhooks hear them: drift found (published by the drift check
 * only when what drifted changed) becomes a drift.found notification from the console itself.
 */
export function notifyingDomainEvents(notifier: Notifier): DomainEvents {
  return {
    publish: (event: DomainEvent) =>
      notifier.notify({
        type: 'drift.found',
        environment: event.environment,
        occurredAt: event.checkedAt.toISOString(),
        actor: null,
        drift: { revision: event.revision, objects: event.objects.map((object) => ({ ...objectRef(object.objectId), changedBy: object.changedBy.join(', ') || null })) },
      }),
  };
}
