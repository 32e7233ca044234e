import { componentNames } from '@/lib/core/environments/environment-spec';
import { scaleRequestSchema, scaleResultDto } from '@/lib/core/environments/scale-component';
import { z } from 'zod';
import { approvalDto, approvePlanBody, cancelRunBody, deployPlanBody, rejectPlanBody, rollbackBody, runDto, runEventDto } from '@/lib/core/deploy/run-contract';

// The deploy-run part of the OpenAPI document (approvals, deploys, runs, their events), from the
// same zod contract the handlers, the browser and the CLI use. openapi-document.ts merges it.

const schema = (value: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(value, { io, unrepresentable: 'any', target: 'openapi-3.0' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));

const planIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The plan id' };
const runIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The run id' };
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const eventIdSchema = { type: 'string', pattern: '^\\d{1,19}$', description: 'An event id, at most 9223372036854775807' };
const liveEventIdSchema = { type: 'string', pattern: '^[0-9a-f]{8}\\.\\d{1,15}$', description: 'A live event id: the sending process’s epoch and a sequence number' };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'The same key with the same request answers the first answer again (Idempotent-Replayed: true) and does nothing twice; another request under it is refused (400); one still running answers 409',
};
const writeErrors = errorRefs(400, 401, 403, 404, 409, 413, 415);

export const deployRunPaths = {
  '/plans/{id}/approvals': {
    post: {
      summary: "Approve a plan of a protected environment (approver role; never the plan's requester, refused by the database too); bound to the plan's hash, expiring after the plan's approval expiry; 409 when the plan is superseded, rejected, expired, deployed, failed its checks or its environment needs no approval",
      parameters: [planIdParam, idempotencyKey],
      requestBody: { required: true, content: jsonContent('ApprovePlan') },
      responses: { 201: { description: 'The approval', content: jsonContent('Approval') }, ...writeErrors },
    },
  },
  '/plans/{id}/rejections': {
    post: {
      summary: 'Reject a plan with a comment (approver role; never its requester): the plan is closed',
      parameters: [planIdParam, idempotencyKey],
      requestBody: { required: true, content: jsonContent('RejectPlan') },
      responses: { 201: { description: 'The rejection', content: jsonContent('Approval') }, ...writeErrors },
    },
  },
  '/plans/{id}/runs': {
    post: {
      summary:
        'Deploy a plan (operator or admin): a durable run applies it in waves, prunes what it deletes and waits for healthy rollouts. 409 when the plan is not open (a newer plan or a saved revision supersedes it), lacks approvals, writes into a namespace the environment no longer holds, or the environment has an active run (named); 409 plan_stale when a field the plan applies changed on the cluster since (a replaced pod or an autoscaler scale step is no change); 503 naming the cluster when it cannot be reached',
      parameters: [planIdParam, idempotencyKey],
      requestBody: { required: true, content: jsonContent('DeployPlan') },
      responses: { 202: { description: 'The queued run; Location is /api/v1/runs/{id}', content: jsonContent('Run') }, ...writeErrors, ...errorRefs(503) },
    },
  },
  '/runs/{id}': {
    get: { summary: 'A run with each object’s outcome', parameters: [runIdParam], responses: { 200: { description: 'The run', content: jsonContent('Run') }, ...errorRefs(400, 401, 404) } },
  },
  '/runs/{id}/cancellations': {
    post: {
      summary:
        'Cancel a queued run (operator or admin) that no worker has taken: it ends cancelled, its plan failed, and the environment may deploy again (a new plan). 409 once a worker is running it or it has ended',
      parameters: [runIdParam, idempotencyKey],
      requestBody: { required: true, content: jsonContent('CancelRun') },
      responses: { 200: { description: 'The cancelled run', content: jsonContent('Run') }, ...writeErrors },
    },
  },
  '/runs/{id}/events': {
    get: {
      summary:
        'Live progress as server-sent events (each `data:` a RunEvent, `id:` its id); Last-Event-ID (or ?lastEventId=) resumes after that event; comment heartbeats when idle; the stream ends after the run’s final event (run.succeeded, run.failed, run.interrupted, run.cancelled), after 10 minutes (reconnect and resume), or when the caller’s access ends (checked again every minute). 429 with Retry-After when the caller already holds RUN_STREAMS_PER_USER streams or the process serves RUN_STREAMS_PER_PROCESS',
      parameters: [
        runIdParam,
        { name: 'Last-Event-ID', in: 'header', schema: eventIdSchema },
        { name: 'lastEventId', in: 'query', schema: eventIdSchema, description: 'The same as Last-Event-ID, for clients that cannot set headers (EventSource)' },
      ],
      responses: { 200: { description: 'text/event-stream of RunEvent', content: { 'text/event-stream': { schema: ref('RunEvent') } } }, ...errorRefs(400, 401, 404, 429) },
    },
  },
  '/environments/{name}/live': {
    get: {
      summary:
        'Live Kubernetes state of the environment’s namespaces as server-sent events, fed by the console’s shared watches (never a watch per caller): first `{type: "snapshot", objects, statuses}` (trimmed Deployments, ReplicaSets, Pods, Events, ScaledObjects, PodDisruptionBudgets, HPAs; each watch’s synced / lastEventAt / lastHeardAt / unreachableSince / error), then `{type: "upsert"|"delete", key, object}` and `{type: "status", key, status}`; `id:` is `<epoch>.<sequence>`. Last-Event-ID (or ?lastEventId=) resumes after that event when this process still holds every change since, else the stream starts with a fresh snapshot. Comment heartbeats when idle; ends after 10 minutes or when the caller’s access ends. 429 with Retry-After past the per-user or per-process stream limit',
      parameters: [
        nameParam,
        { name: 'Last-Event-ID', in: 'header', schema: liveEventIdSchema },
        { name: 'lastEventId', in: 'query', schema: liveEventIdSchema, description: 'The same as Last-Event-ID, for clients that cannot set headers (EventSource)' },
      ],
      responses: { 200: { description: 'text/event-stream of live changes', content: { 'text/event-stream': { schema: { type: 'object' } } } }, ...errorRefs(400, 401, 404, 429) },
    },
  },
  '/environments/{name}/rollback': {
    post: {
      summary: 'Roll back to an earlier revision that deployed successfully (operator, admin): a new plan of that revision through the same policy, under today\'s approval gate (the strictest of the revision, the head and the deploy targets; approve where protected, then deploy); the head stays. 409 naming the deployable revisions when it never deployed, or the namespaces when the environment no longer holds those it renders into',
      parameters: [nameParam, idempotencyKey],
      requestBody: { required: true, content: jsonContent('Rollback') },
      responses: { 201: { description: 'The new plan; Location is /api/v1/plans/{id}', content: jsonContent('Plan') }, ...writeErrors, ...errorRefs(503) },
    },
  },
  '/environments/{name}/scale': {
    get: {
      summary:
        "A component's scale (every role): the head revision's settings (replicas, or KEDA's minReplicas, maxReplicas and triggers; whether scale-to-zero is allowed and why not), what runs now from the console's shared watches (the Deployment's desired, current and ready replicas; the ScaledObject's live bounds and activity; or live.state unreachable since T / syncing), and the autoscaler's recent decisions from the namespace's Events (SuccessfulRescale, KEDAScaleTargetActivated/Deactivated, ScalingReplicaSet…), newest first",
      parameters: [nameParam, { name: 'component', in: 'query', required: true, schema: { type: 'string', enum: [...componentNames] }, description: 'A component of the platform' }],
      responses: { 200: { description: 'The scale view', content: { 'application/json': { schema: { type: 'object' } } } }, ...errorRefs(400, 401, 404) },
    },
    post: {
      summary:
        'Scale a component (operator, admin): replicas when it has no autoscaler; minReplicas, maxReplicas and trigger thresholds (null removes one) when KEDA scales it; scaleToZero on or off where the tier and a waking trigger allow it. A new revision with a change note, then a plan of the component, deployed at once where it needs no approval (unprotected environments) or left for approvers (protected ones: run is null). All or nothing: the plan is made before the revision is saved, so a refusal writes neither. 400 naming the request\'s fields when a bound is refused; 409 when nothing would change, expectedRevision is not the head, an unprotected environment has an active run (named; the scale would deploy at once) or the plan fails its checks; 503 when the cluster cannot be reached',
      parameters: [nameParam, idempotencyKey],
      requestBody: { required: true, content: jsonContent('ScaleRequest') },
      responses: { 201: { description: 'The revision, its plan and the run when it deployed at once; Location is the run, or the plan awaiting approval', content: jsonContent('ScaleResult') }, ...writeErrors, ...errorRefs(503) },
    },
  },
  '/environments/{name}/runs': {
    get: {
      summary: 'The environment’s deploy runs, newest first: actor, approvers, plan hash, counts by outcome, timings, result',
      parameters: [nameParam, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }, { name: 'cursor', in: 'query', schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: { description: 'A page of runs', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: ref('Run') }, nextCursor: { type: 'string', nullable: true } } } } } }, ...errorRefs(400, 401, 404) },
    },
  },
};

export const deployRunSchemas = {
  ApprovePlan: schema(approvePlanBody, 'input'),
  RejectPlan: schema(rejectPlanBody, 'input'),
  DeployPlan: schema(deployPlanBody, 'input'),
  CancelRun: schema(cancelRunBody, 'input'),
  Rollback: schema(rollbackBody, 'input'),
  ScaleRequest: schema(scaleRequestSchema, 'input'),
  ScaleResult: schema(scaleResultDto, 'output'),
  Approval: schema(approvalDto, 'output'),
  Run: schema(runDto, 'output'),
  RunEvent: schema(runEventDto, 'output'),
};
