import { z } from 'zod';
import { driftReportSchema, reconcileInputSchema } from '@/lib/core/drift/drift-contract';

// The drift part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'The same key with the same request answers the first answer again (Idempotent-Replayed: true) and plans nothing twice',
};
const jsonOf = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const input = (value: z.ZodType) => z.toJSONSchema(value, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
const output = (value: z.ZodType) => z.toJSONSchema(value, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });

export const driftPaths = {
  '/environments/{name}/drift': {
    get: {
      summary:
        "The environment's last drift check as stored (every role): when, against which successfully deployed revision, and each object that differs from what the console last applied to it (changed or deleted) with the diff an apply would make and who changed it (the live object's field managers owning the changed fields, with the time of their last change). Replicas an autoscaler owns are never drift. status never-checked before the first check",
      parameters: [nameParam],
      responses: { 200: jsonOf('The last drift check', ref('DriftReport')), ...errorRefs(401, 404) },
    },
    post: {
      summary: 'Check drift now (operator, admin) and store the result; the schedule (DRIFT_CHECK_INTERVAL_MINUTES) checks every deployed environment anyway. 409 when the environment never deployed successfully; a cluster that cannot be read gives status failed with the reason',
      parameters: [nameParam],
      responses: { 200: jsonOf('The new drift check', ref('DriftReport')), ...errorRefs(401, 403, 404, 409) },
    },
  },
  '/environments/{name}/reconcile': {
    post: {
      summary:
        'Reconcile (operator, admin): a new plan of the revision the environment last deployed successfully, through the normal policy (checks; approval where protected; then deploy). Fields another manager took are named by the plan\'s checks; force (admins) takes them back. 409 when it never deployed successfully',
      parameters: [nameParam, idempotencyKey],
      requestBody: { required: true, content: { 'application/json': { schema: ref('Reconcile') } } },
      responses: { 201: jsonOf('The new plan; Location is /api/v1/plans/{id}', ref('Plan')), ...errorRefs(400, 401, 403, 404, 409, 413, 415, 503) },
    },
  },
};

export const driftSchemas = {
  DriftReport: output(driftReportSchema),
  Reconcile: input(reconcileInputSchema),
};
