// What the console tells the outside world about (outgoing webhooks). Each use case that does one
// of these things calls Notifier.notify with the event; the notifier looks up the environment's
// webhooks and queues a delivery for each, so a slow or dead receiver never slows the use case.

export const notificationEventTypes = [
  'plan.awaiting_approval',
  'plan.approved',
  'plan.rejected',
  'run.started',
  'run.succeeded',
  'run.failed',
  'drift.found',
  'backup.failed',
] as const;
export type NotificationEventType = (typeof notificationEventTypes)[number];

/** The test event ("send test"): sent to one webhook on request, never to subscribers. */
export const testEventType = 'webhook.test';

type Base = {
  /** When it happened (ISO 8601). */
  occurredAt: string;
  /** Who did it (an email), or null for the console itself (a worker, a schedule). */
  actor: string | null;
};

export type PlanEventPayload = { planId: string; revision: number; hash: string; changes?: number; comment?: string };
export type RunEventPayload = { runId: string; planId: string; revision: number; kind: 'deploy' | 'rollback'; error?: string };
/** Made by the drift detector: the objects that differ from the last deployed revision. */
export type DriftEventPayload = { revision: number; objects: { kind: string; namespace: string; name: string; changedBy: string | null }[] };
/** Made by the backup job: what failed and why. */
export type BackupEventPayload = { backupId: string; reason: string };

export type NotificationEvent = Base &
  (
    | { type: 'plan.awaiting_approval' | 'plan.approved' | 'plan.rejected'; environment: string; plan: PlanEventPayload }
    | { type: 'run.started' | 'run.succeeded' | 'run.failed'; environment: string; run: RunEventPayload }
    | { type: 'drift.found'; environment: string; drift: DriftEventPayload }
    /** environment null: a backup of the console itself, told to every webhook that takes backup.failed. */
    | { type: 'backup.failed'; environment: string | null; backup: BackupEventPayload }
    | { type: typeof testEventType; environment: string; test: { webhook: string } }
  );

/** One line a person reads (Slack's text, the log). */
export function eventHeadline(event: NotificationEvent): string {
  const by = event.actor ? ` by ${event.actor}` : '';
  switch (event.type) {
    case 'plan.awaiting_approval':
      return `Plan of ${event.environment} (revision ${event.plan.revision}) awaits approval${by}`;
    case 'plan.approved':
      return `Plan of ${event.environment} (revision ${event.plan.revision}) approved${by}`;
    case 'plan.rejected':
      return `Plan of ${event.environment} (revision ${event.plan.revision}) rejected${by}`;
    case 'run.started':
      return `${capitalized(event.run.kind)} of ${event.environment} (revision ${event.run.revision}) started`;
    case 'run.succeeded':
      return `${capitalized(event.run.kind)} of ${event.environment} (revision ${event.run.revision}) succeeded`;
    case 'run.failed':
      return `${capitalized(event.run.kind)} of ${event.environment} (revision ${event.run.revision}) failed${event.run.error ? `: ${event.run.error}` : ''}`;
    case 'drift.found':
      return `Drift in ${event.environment}: ${event.drift.objects.length} object(s) differ from revision ${event.drift.revision}`;
    case 'backup.failed':
      return `Backup ${event.backup.backupId}${event.environment ? ` of ${event.environment}` : ' of the console'} failed: ${event.backup.reason}`;
    case testEventType:
      return `Test notification for webhook "${event.test.webhook}" of ${event.environment}${by}`;
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Whether a webhook subscribed to `events` (empty: all) receives this event. */
export function webhookReceives(events: readonly string[], type: NotificationEventType): boolean {
  return events.length === 0 || events.includes(type);
}
