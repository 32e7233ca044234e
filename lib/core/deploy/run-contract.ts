import { z } from 'zod';

// Request bodies of approvals, deploys and rollbacks, and the shapes of runs and their events as
// the API sends them: one contract for the route handlers, the browser and the command line.

const comment = z.string().trim().max(2000, 'must be at most 2000 characters');

export const approvePlanBody = z.strictObject({ comment: comment.default('') });
export const rejectPlanBody = z.strictObject({ comment: comment.min(1, 'say why the plan is rejected') });
export const deployPlanBody = z.strictObject({});
export const cancelRunBody = z.strictObject({});
export const rollbackBody = z.strictObject({ revision: z.int().min(1).max(2_147_483_647) });

export type ApprovePlanInput = z.output<typeof approvePlanBody>;
export type RejectPlanInput = z.output<typeof rejectPlanBody>;
export type RollbackInput = z.output<typeof rollbackBody>;

export const planId = z.uuid({ error: 'must be a plan id (a UUID)' });
export const runId = z.uuid({ error: 'must be a run id (a UUID)' });
/** A run event's id (Last-Event-ID): digits within the database's bigint. */
export const runEventId = z
  .string()
  .regex(/^\d{1,19}$/, 'must be an event id (digits)')
  // Judged on digits only: zod runs this even when the pattern failed.
  .refine((value) => !/^\d+$/.test(value) || BigInt(value) <= 9_223_372_036_854_775_807n, 'must be an event id (at most 9223372036854775807)');

const person = z.object({ name: z.string(), email: z.string() });

/** The deploy workers as a queued run sees them: when one was last seen, and whether one is alive now. */
export const workerPresenceDto = z.object({ lastSeenAt: z.string().nullable(), alive: z.boolean() });
export type WorkerPresence = z.infer<typeof workerPresenceDto>;

export const approvalDto = z.object({
  id: z.string(),
  planId: z.string(),
  planHash: z.string(),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string(),
  approver: person,
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ApprovalDto = z.infer<typeof approvalDto>;

export const runObjectDto = z.object({
  seq: z.number(),
  objectId: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  wave: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'delete']),
  status: z.enum(['pending', 'applied', 'unchanged', 'pruned', 'failed']),
  message: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type RunObjectDto = z.infer<typeof runObjectDto>;

export const runDto = z.object({
  id: z.string(),
  planId: z.string(),
  /** Its OpenTelemetry trace id (the id without dashes): open it in Jaeger as /trace/{traceId} when the console sends traces (OTEL_EXPORTER_OTLP_ENDPOINT). */
  traceId: z.string(),
  environment: z.string(),
  kind: z.enum(['deploy', 'rollback']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled']),
  requestedBy: person,
  approvers: z.array(person),
  planHash: z.string(),
  revision: z.number(),
  cluster: z.string(),
  error: z.string().nullable(),
  attempts: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  objects: z.array(runObjectDto).optional(),
  /** For a queued run read on its own: whether a worker will take it. */
  workers: workerPresenceDto.optional(),
});
export type RunDto = z.infer<typeof runDto>;

/** One server-sent event of a run: `id` is the Last-Event-ID a reconnecting client sends back. */
export const runEventDto = z.object({ id: z.string(), type: z.string(), payload: z.record(z.string(), z.unknown()), createdAt: z.string() });
export type RunEventDto = z.infer<typeof runEventDto>;

export const terminalRunStatuses = ['succeeded', 'failed', 'interrupted', 'cancelled'] as const;
export const isTerminalRunStatus = (status: string) => (terminalRunStatuses as readonly string[]).includes(status);
/** The event a run ends with (run.succeeded, run.failed, run.interrupted, run.cancelled): streams end after it. */
export const isFinalRunEvent = (type: string) => type.startsWith('run.') && isTerminalRunStatus(type.slice('run.'.length));
