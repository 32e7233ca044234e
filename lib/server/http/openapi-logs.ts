import { componentNames } from '@/lib/core/environments/environment-spec';
import { defaultTailLines, maxLineLength, maxLogBytes, maxSinceSeconds, maxTailLines } from '@/lib/core/logs/pod-logs';
import { redactionMarker } from '@/lib/core/logs/redact-log-line';

// The log tail's part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));

export const logPaths = {
  '/environments/{name}/components/{component}/logs': {
    get: {
      summary: `The last lines of one container of one of a component's pods, for operators and above (viewers get 403). The pod must be one of the component's pods in the environment's namespace (another namespace's or another component's pod is 404). Values that look like secrets are replaced with ${redactionMarker} on the server. At most ${maxTailLines} lines and ${maxLogBytes} bytes are read; a line longer than ${maxLineLength} characters is cut. A cluster or kubelet that cannot serve the log answers 503 "logs unavailable" (also "busy" when too many reads wait for the cluster)`,
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'component', in: 'path', required: true, schema: { type: 'string', enum: [...componentNames] } },
        { name: 'pod', in: 'query', schema: { type: 'string', maxLength: 253 }, description: "One of the component's pods; when left out, the first of those serving a log now (Running, ready, not terminating), else the first by name" },
        { name: 'container', in: 'query', schema: { type: 'string', maxLength: 63 }, description: "One of the pod's containers; the one named after the component, else the first, when left out" },
        { name: 'tail', in: 'query', schema: { type: 'integer', minimum: 1, maximum: maxTailLines, default: defaultTailLines } },
        { name: 'timestamps', in: 'query', schema: { type: 'string', enum: ['true', 'false'], default: 'false' } },
        { name: 'sinceSeconds', in: 'query', schema: { type: 'integer', minimum: 1, maximum: maxSinceSeconds } },
      ],
      responses: {
        200: {
          description: 'The redacted lines, with the pods the pickers offer',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['environment', 'component', 'pods', 'pod', 'container', 'tail', 'lines', 'redactions', 'truncated', 'readAt'],
                properties: {
                  environment: { type: 'string' },
                  component: { type: 'string', enum: [...componentNames] },
                  pods: { type: 'array', description: 'Those serving a log now first, then by name', items: { type: 'object', properties: { name: { type: 'string' }, containers: { type: 'array', items: { type: 'string' } } } } },
                  pod: { type: 'string', nullable: true, description: 'null when the component has no pod' },
                  container: { type: 'string', nullable: true },
                  tail: { type: 'integer' },
                  lines: { type: 'array', items: { type: 'string' } },
                  redactions: { type: 'integer', description: `How many values were replaced with ${redactionMarker}` },
                  truncated: { type: 'boolean', description: 'The byte limit was reached or a line was cut' },
                  readAt: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        ...errorRefs(400, 401, 403, 404, 503),
      },
    },
  },
};
