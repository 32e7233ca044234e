import { z } from 'zod';
import {
  apiTokenSchema,
  auditEventSchema,
  clusterSchema,
  deployTargetSchema,
  environmentSummarySchema,
  errorBodySchema,
  revisionSchema,
  revisionSummarySchema,
  userSchema,
} from '@/lib/core/contract/responses';
import { statusByCode } from './error-response';
import { createClusterBody, updateClusterBody } from '../clusters/cluster-input';
import { cloneEnvironmentBody, createEnvironmentBody, releaseDeployTargetBody, updateEnvironmentBody } from '../environments/environment-input';
import { createPlanBody, planActions, planDto, planObjectDto } from '@/lib/core/deploy/plan-contract';
import { createApiTokenBody } from '../tokens/api-token-input';
import { disableUserBody } from '../users/user-input';
import { deployRunPaths, deployRunSchemas } from './openapi-deploy-runs';
import { observabilityPaths } from './openapi-observability';
import { logPaths } from './openapi-logs';
import { troubleshootPaths } from './openapi-troubleshoot';
import { statusLinkPaths, statusLinkSchemas } from './openapi-status';
import { setupPaths, setupSchemas } from './openapi-setup';
import { backupPaths, backupSchemas } from './openapi-backups';
import { webhookPaths, webhookSchemas } from './openapi-webhooks';
import { driftPaths, driftSchemas } from './openapi-drift';
import { consoleBackupPaths, consoleBackupSchemas } from './openapi-console-backups';

// Generated from the same zod schemas the handlers validate with, so the document cannot drift.

const schema = (value: z.ZodType) => z.toJSONSchema(value, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });


const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));

const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const jsonOf = (description: string, schemaObject: object) => ({ description, content: { 'application/json': { schema: schemaObject } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const okRef = (description: string, name: string) => jsonOf(description, ref(name));
const okItems = (description: string, name: string) => jsonOf(description, { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(name) } } });
const okPage = (description: string, name: string) =>
  jsonOf(description, { type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref(name) }, nextCursor: { type: 'string', nullable: true } } });
const response = (value: z.ZodType) => z.toJSONSchema(value, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const limitParam = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } };
const cursorParam = (schema: object, description: string) => ({ name: 'cursor', in: 'query', schema, description });
const pageParams = [limitParam, cursorParam({ type: 'string' }, 'nextCursor of the previous page (an environment name)')];
const writeErrors = errors(400, 401, 403, 409, 413, 415);

export function buildOpenApiDocument() {
  return withEveryRouteAnswer({
    openapi: '3.0.3',
    info: {
      title: 'PersonaPass Platform Console API',
      version: '1.0.0',
      description:
        'Outside /api/v1 and without sign-in, for Kubernetes probes (manifests/console): GET /api/ready answers 200 {status: "ready", checks} when Postgres and the job queue answer, else 503 with the error code unavailable and details.checks naming the failed check (database, jobQueue); GET /api/live answers 200 while the process serves requests.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }, { session: [] }],
    paths: {
      '/environments': {
        get: { summary: 'List environments', parameters: pageParams, responses: { 200: okPage('A page of environments', 'EnvironmentSummary'), ...errors(400, 401) } },
        post: { summary: 'Create an environment (revision 1)', requestBody: body('CreateEnvironment'), responses: { 201: okRef('The first revision', 'Revision'), ...writeErrors } },
      },
      '/environments/{name}': {
        get: { summary: 'The head revision', parameters: [nameParam], responses: { 200: okRef('Head revision; ETag is its number', 'Revision'), ...errors(401, 404) } },
        put: {
          summary: 'Append a revision',
          parameters: [nameParam, { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'The revision number the change is based on' }],
          requestBody: body('UpdateEnvironment'),
          responses: { 200: okRef('The new revision', 'Revision'), ...writeErrors, ...errors(404, 428) },
        },
      },
      '/environments/{name}/revisions': {
        get: { summary: 'Revision history, newest first', parameters: [nameParam, limitParam, cursorParam({ type: 'integer', minimum: 1 }, 'nextCursor of the previous page (a revision number)')], responses: { 200: okPage('A page of revisions (without specs)', 'RevisionSummary'), ...errors(401, 404) } },
      },
      '/environments/{name}/revisions/{number}': {
        get: { summary: 'One revision', parameters: [nameParam, { name: 'number', in: 'path', required: true, schema: { type: 'integer' } }], responses: { 200: okRef('The revision', 'Revision'), ...errors(401, 404) } },
      },
      '/environments/{name}/diff': {
        get: {
          summary: 'Field-level diff between two revisions',
          parameters: [nameParam, { name: 'from', in: 'query', required: true, schema: { type: 'integer' } }, { name: 'to', in: 'query', required: true, schema: { type: 'integer' } }],
          responses: { 200: ok('Changed fields by path'), ...errors(400, 401, 404) },
        },
      },
      '/environments/{name}/clone': {
        post: { summary: 'Clone into a new environment', parameters: [nameParam], requestBody: body('CloneEnvironment'), responses: { 201: okRef('The clone', 'Revision'), ...writeErrors, ...errors(404) } },
      },
      '/clusters': {
        get: { summary: 'List clusters (admin; credentials are never returned)', responses: { 200: okItems('Clusters', 'Cluster'), ...errors(401, 403) } },
        post: {
          summary:
            "Register a cluster after a connection test (admin); 400 names caBundle or credential when the API server refuses them, or credential when it is not the console's ServiceAccount or may do more than needed (unless override.reason is given, audited); 409 when the same cluster (kube-system UID) is registered under another name; 503 when it cannot be reached; nothing is saved then",
          requestBody: body('CreateCluster'),
          responses: { 201: ok('The cluster and its connectionTest (identity, needed and broader-than-needed rights)'), ...writeErrors, ...errors(503) },
        },
      },
      '/clusters/{name}': {
        get: { summary: 'One cluster (admin)', parameters: [nameParam], responses: { 200: okRef('The cluster', 'Cluster'), ...errors(401, 403, 404) } },
        put: {
          summary: 'Update a cluster after a connection test (admin); a new URL or CA needs the credential again; 409 when it leads to another cluster than the one registered; 400 on the credential as at registration',
          parameters: [nameParam],
          requestBody: body('UpdateCluster'),
          responses: { 200: ok('The cluster and its connectionTest'), ...writeErrors, ...errors(404, 503) },
        },
      },
      '/clusters/{name}/connection-test': {
        post: { summary: 'Test a registered cluster again with its stored credential (admin); writes nothing but a missing cluster identity; 409 when another cluster answers at its address', parameters: [nameParam], responses: { 200: ok('The connectionTest'), ...errors(400, 401, 403, 404, 409, 503) } },
      },
      '/tokens': {
        get: { summary: 'Your API tokens', responses: { 200: okItems('Tokens without secrets', 'ApiToken'), ...errors(401) } },
        post: { summary: 'Create an API token; the secret is shown once', requestBody: body('CreateApiToken'), responses: { 201: ok('The token and its secret'), ...writeErrors } },
      },
      '/tokens/{id}': {
        delete: { summary: 'Revoke one of your tokens', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: okRef('The revoked token', 'ApiToken'), ...errors(400, 401, 404) } },
      },
      '/environments/{name}/deploy-targets': {
        get: { summary: 'The namespaces the environment holds, in use and left behind', parameters: [nameParam], responses: { 200: okItems('Deploy targets', 'DeployTarget'), ...errors(401, 404) } },
      },
      '/environments/{name}/alerts': {
        get: {
          summary: "The environment's firing and pending alerts (severity, since, summary, runbook, component, Alertmanager silences) with counts per component; sources says whether Prometheus and Alertmanager answered",
          parameters: [nameParam],
          responses: { 200: ok('The alerts, counts and sources'), ...errors(401, 404) },
        },
      },
      '/environments/{name}/health': {
        get: {
          summary:
            "Each enabled component's health from the shared watch caches: verdict (Healthy, Progressing, Degraded, Scaled to zero, Unknown) with reasons, replicas (desired, ready, available, updated, the autoscaler's min and max), the running version, pods (node, zone, phase, ready, restarts, reason) and alert counts; the cluster's reachability (unreachable since T, or forbidden: the kind and namespace the API server refuses the console with its answer, give Unknown, never a stale verdict; syncing while a first list runs) and whether alerts could be read",
          parameters: [nameParam],
          responses: { 200: ok('The environment health'), ...errors(401, 404) },
        },
      },
      '/deploy-targets/release': {
        post: {
          summary: 'Free a namespace an environment left behind, once it is empty (admin)',
          requestBody: body('ReleaseDeployTarget'),
          responses: { 200: ok('The released target'), ...writeErrors, ...errors(404) },
        },
      },
      '/users': {
        get: {
          summary: 'People who have signed in (admin)',
          parameters: [limitParam, cursorParam({ type: 'string', format: 'uuid' }, 'nextCursor of the previous page (a user id)'), { name: 'email', in: 'query', schema: { type: 'string' }, description: 'Everyone using this address (emails are not unique)' }],
          responses: { 200: okPage('A page of users', 'User'), ...errors(400, 401, 403) },
        },
      },
      '/users/{id}': { get: { summary: 'One user with their API tokens (admin)', parameters: [idParam], responses: { 200: okRef('The user', 'User'), ...errors(400, 401, 403, 404) } } },
      '/users/{id}/disable': {
        post: { summary: 'Disable a user now: sessions end, tokens revoked, sign-in refused until enabled (admin)', parameters: [idParam], requestBody: body('DisableUser'), responses: { 200: okRef('The user', 'User'), ...writeErrors, ...errors(404) } },
      },
      '/users/{id}/enable': { post: { summary: 'Allow a disabled user to sign in again (admin)', parameters: [idParam], responses: { 200: okRef('The user', 'User'), ...errors(400, 401, 403, 404) } } },
      '/users/{id}/tokens': { delete: { summary: 'Revoke every live API token of a user (admin)', parameters: [idParam], responses: { 200: ok('How many were revoked'), ...errors(400, 401, 403, 404) } } },
      '/users/{id}/tokens/{tokenId}': {
        delete: { summary: 'Revoke one API token of a user (admin)', parameters: [idParam, { name: 'tokenId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: okRef('The revoked token', 'ApiToken'), ...errors(400, 401, 403, 404) } },
      },
      '/users/{id}/role-check': {
        post: { summary: "Re-read the user's groups from the identity provider now (admin)", parameters: [idParam], responses: { 200: ok('The outcome and the user'), ...errors(400, 401, 403, 404) } },
      },
      '/audit-events': {
        get: { summary: 'Audit log, newest first (admin)', parameters: [limitParam, cursorParam({ type: 'string', format: 'uuid' }, 'nextCursor of the previous page (an event id)'), { name: 'target', in: 'query', schema: { type: 'string' } }], responses: { 200: okPage('A page of events', 'AuditEvent'), ...errors(400, 401, 403) } },
      },
      '/me': { get: { summary: 'Who the caller is', responses: { 200: ok('The caller'), ...errors(401) } } },
      '/environments/{name}/plans': {
        get: { summary: "The environment's plans, newest first", parameters: [nameParam, limitParam, cursorParam({ type: 'string', format: 'uuid' }, 'nextCursor of the previous page (a plan id)')], responses: { 200: okPage('A page of plans', 'Plan'), ...errors(400, 401, 404) } },
        post: {
          summary:
            'Plan a revision (the head unless given) against its cluster (operator, admin): render, checks, server-side dry-run of every object compared with the live one, deletions from the inventory; writes nothing to the cluster and supersedes the open plans. revision: the head or a revision that deployed successfully (409 naming those that may be planned); 409 too when the revision renders into namespaces the environment no longer holds. The plan’s approval gate is the strictest of the revision, the head and the deploy targets. allowDeletes and force are admin-only. 503 when the cluster cannot be reached',
          parameters: [nameParam, { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 }, description: 'The same key and body from the same caller answer the same, and plan once' }],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePlan' } } } },
          responses: { 201: okRef('The plan: summary, checks, hash; Location is its address', 'Plan'), ...writeErrors, ...errors(404, 503) },
        },
      },
      '/plans/{id}': {
        get: { summary: 'One plan: summary by action, kind and component, check results, status, approvals', parameters: [idParam], responses: { 200: okRef('The plan', 'Plan'), ...errors(400, 401, 404) } },
      },
      '/plans/{id}/objects': {
        get: {
          summary: "A plan's objects in apply order with their unified YAML diffs (Secret values redacted)",
          parameters: [
            idParam,
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
            cursorParam({ type: 'integer', minimum: 0 }, 'nextCursor of the previous page (an object seq)'),
            { name: 'action', in: 'query', schema: { type: 'string', enum: [...planActions] } },
          ],
          responses: { 200: okPage('A page of plan objects', 'PlanObject'), ...errors(400, 401, 404) },
        },
      },
      ...deployRunPaths,
      ...observabilityPaths,
      ...logPaths,
      ...troubleshootPaths,
      ...statusLinkPaths,
      ...setupPaths,
      ...backupPaths,
      ...webhookPaths,
      ...driftPaths,
      ...consoleBackupPaths,
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (ppc_...)' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' },
      },
      schemas: {
        CreateEnvironment: schema(createEnvironmentBody),
        UpdateEnvironment: schema(updateEnvironmentBody),
        CloneEnvironment: schema(cloneEnvironmentBody),
        CreateCluster: schema(createClusterBody),
        UpdateCluster: schema(updateClusterBody),
        CreateApiToken: schema(createApiTokenBody),
        DisableUser: schema(disableUserBody),
        ReleaseDeployTarget: schema(releaseDeployTargetBody),
        // Responses, from the contract both sides share (lib/core/contract/responses.ts).
        Error: response(errorBodySchema),
        Revision: response(revisionSchema),
        RevisionSummary: response(revisionSummarySchema),
        EnvironmentSummary: response(environmentSummarySchema),
        DeployTarget: response(deployTargetSchema),
        ApiToken: response(apiTokenSchema),
        User: response(userSchema),
        Cluster: response(clusterSchema),
        AuditEvent: response(auditEventSchema),
        CreatePlan: schema(createPlanBody),
        Plan: response(planDto),
        PlanObject: response(planObjectDto),
        ...deployRunSchemas,
        ...statusLinkSchemas,
        ...setupSchemas,
        ...backupSchemas,
        ...webhookSchemas,
        ...driftSchemas,
        ...consoleBackupSchemas,
      },
      responses: Object.fromEntries(
        [...new Set([...Object.values(statusByCode), 500])].sort().map((code) => [
          `Error${code}`,
          { description: `Error ${code}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
    },
  });
}

// Every operation may also meet a wrong method (405 with Allow) and the generic 500.
function withEveryRouteAnswer<T extends { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }>(document: T): T {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) Object.assign(operation.responses, errors(405, 500));
  }
  return document;
}
