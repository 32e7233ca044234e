import { z } from 'zod';
import { createdStatusLinkSchema, createStatusLinkBody, statusLinkSchema, statusPageSchema } from '@/lib/core/status/status-contract';

// The status-link part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const jsonOf = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const input = (value: z.ZodType) => z.toJSONSchema(value, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
const output = (value: z.ZodType) => z.toJSONSchema(value, { io: 'output', unrepresentable: 'any', target: 'openapi-3.0' });

export const statusLinkPaths = {
  '/environments/{name}/status-links': {
    get: {
      summary: "The environment's status page share links, newest first, without their tokens (admin)",
      parameters: [nameParam],
      responses: { 200: jsonOf('Share links', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('StatusLink') } } }), ...errorRefs(401, 403, 404) },
    },
    post: {
      summary:
        'Create a share link to /status/{name} (admin), optionally expiring; the token (and the path with it) is in this answer only, the console keeps its hash. The status page and its JSON twin /status/{name}.json (outside /api/v1) answer with the token as ?token=, or to any signed-in user, and 404 otherwise',
      parameters: [nameParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateStatusLink') } } },
      responses: { 201: jsonOf('The link with its token', ref('CreatedStatusLink')), ...errorRefs(400, 401, 403, 404, 413, 415) },
    },
  },
  '/environments/{name}/status-links/{id}': {
    delete: {
      summary: 'Revoke a share link (admin): the page refuses its token at once; revoking twice changes nothing',
      parameters: [nameParam, idParam],
      responses: { 200: jsonOf('The revoked link', ref('StatusLink')), ...errorRefs(400, 401, 403, 404) },
    },
  },
};

export const statusLinkSchemas = {
  CreateStatusLink: input(createStatusLinkBody),
  StatusLink: output(statusLinkSchema),
  CreatedStatusLink: output(createdStatusLinkSchema),
  StatusPage: output(statusPageSchema),
};
