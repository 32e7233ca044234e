import { z } from 'zod';

// The plan API's contract, shared by the server (validation, OpenAPI) and the browser (types):
// request bodies, the stored JSON of a plan (parsed when read back, never cast), and the answers.

export const planActions = ['create', 'update', 'unchanged', 'delete'] as const;
export type PlanAction = (typeof planActions)[number];

export const planStatuses = ['open', 'superseded', 'rejected', 'expired', 'deploying', 'deployed', 'failed'] as const;
export type PlanStatus = (typeof planStatuses)[number];

const componentName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a component name such as wallet-api');

export const createPlanBody = z.strictObject({
  /** The revision to plan; the head when left out (rollback plans an earlier one). */
  revision: z.number().int().min(1).max(2_147_483_647).optional(),
  /** Only these components' objects (their app.kubernetes.io/name label); all when left out. */
  components: z.array(componentName).min(1).max(50).optional(),
  /** Also delete Namespaces, CustomResourceDefinitions and PersistentVolumeClaims no longer rendered (admin). */
  allowDeletes: z.boolean().optional(),
  /** Take fields other field managers own (admin, audited). */
  force: z.boolean().optional(),
});
export type CreatePlanInput = z.infer<typeof createPlanBody>;

export const planFlagsSchema = z.strictObject({
  components: z.array(z.string()).nullable(),
  allowDeletes: z.boolean(),
  force: z.boolean(),
});
export type PlanFlags = z.infer<typeof planFlagsSchema>;

const counts = z.strictObject({ create: z.number(), update: z.number(), unchanged: z.number(), delete: z.number() });
export type ActionCounts = z.infer<typeof counts>;

export const planSummarySchema = z.strictObject({
  /** Objects the plan would create, update or delete; 0 is "no changes". */
  changes: z.number(),
  total: z.number(),
  byAction: counts,
  byKind: z.record(z.string(), counts),
  byComponent: z.record(z.string(), counts),
  /** Objects the plan would have deleted but keeps, and why (a protected kind, not carrying the console's labels). */
  kept: z.array(z.strictObject({ object: z.string(), reason: z.string() })),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

const problem = z.strictObject({ object: z.string(), path: z.string(), message: z.string(), check: z.string() });
export type PlanProblem = z.infer<typeof problem>;

export const planChecksSchema = z.strictObject({
  /** Failures: any makes the plan unapprovable and undeployable. */
  problems: z.array(problem),
  /** Worth knowing, not failures: fields a forced plan takes from other managers. */
  warnings: z.array(problem),
  /** Checks that ran: schema, policy, promtool, amtool, deploy-targets, server-dry-run. */
  ran: z.array(z.string()),
  /** Checks that could not run here, and why (promtool not installed...). */
  skipped: z.array(z.strictObject({ check: z.string(), reason: z.string() })),
});
export type PlanChecks = z.infer<typeof planChecksSchema>;

const planDecisionDto = z.object({
  approver: z.object({ name: z.string(), email: z.string() }),
  decision: z.enum(['approved', 'rejected']),
  comment: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** Whether this approval counts toward the plan's approvals now (false for a rejection). */
  counts: z.boolean(),
  /** Why an approval does not count (expired, its approver disabled or no longer an approver...); null when it counts and for a rejection. */
  notCountingReason: z.string().nullable(),
});
export type PlanDecisionDto = z.infer<typeof planDecisionDto>;

export const planDto = z.object({
  id: z.string(),
  /** Its OpenTelemetry trace id (the id without dashes): open it in Jaeger as /trace/{traceId} when the console sends traces (OTEL_EXPORTER_OTLP_ENDPOINT). */
  traceId: z.string(),
  environment: z.string(),
  revision: z.number(),
  status: z.enum(planStatuses),
  hash: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  flags: planFlagsSchema,
  summary: planSummarySchema,
  checks: planChecksSchema,
  checksPassed: z.boolean(),
  noChanges: z.boolean(),
  approvalsRequired: z.number(),
  approvalExpiryHours: z.number(),
  /** Approvals that count now, and rejections bound to the plan's hash. */
  approvals: z.object({ approved: z.number(), rejected: z.number() }),
  decisions: z.array(planDecisionDto),
  requestedBy: z.object({ name: z.string(), email: z.string() }),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
});
export type PlanDto = z.infer<typeof planDto>;

export const planObjectDto = z.object({
  seq: z.number(),
  object: z.string(),
  apiVersion: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  component: z.string(),
  wave: z.string(),
  action: z.enum(planActions),
  diff: z.string(),
});
export type PlanObjectDto = z.infer<typeof planObjectDto>;

export const planObjectsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().regex(/^\d{1,9}$/, 'must be the nextCursor of the previous page').transform(Number).optional(),
  action: z.enum(planActions).optional(),
});
