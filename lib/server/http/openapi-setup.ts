import { z } from 'zod';
import { readinessReportSchema } from '@/lib/core/setup/readiness-contract';

// The setup part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));

export const setupPaths = {
  '/clusters/{name}/readiness': {
    get: {
      summary:
        "Is this registered cluster ready for the platform? Read live as the console's own credential (operators, approvers and admins; viewers get 403): Kubernetes version (≥ 1.26, 1.30 for the admission policies), nodes (≥ 3, ≥ 5 with a production environment) and zones (warns under 3), the custom resources of Istio, KEDA, the Prometheus Operator and the VPA at the API versions the platform renders, the console's rights (a SelfSubjectRulesReview per platform namespace against what a deploy of each environment there needs), a default StorageClass and the platform namespaces' Pod Security labels. Each check passes, warns or fails with what to do; a read that fails fails only its check ('could not read'), never the answer. Writes nothing",
      parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: { description: 'The readiness report', content: { 'application/json': { schema: { $ref: '#/components/schemas/ReadinessReport' } } } },
        ...errorRefs(401, 403, 404, 409),
      },
    },
  },
};

export const setupSchemas = { ReadinessReport: z.toJSONSchema(readinessReportSchema, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' }) };
