import { componentNames } from '@/lib/core/environments/environment-spec';
import { diagnosisAreas } from '@/lib/core/troubleshoot/diagnosis';

// The diagnosis and support bundle part of the OpenAPI document; openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const params = [
  { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
  { name: 'component', in: 'query', schema: { type: 'string', enum: [...componentNames] }, description: 'One component; every enabled one when left out' },
];

const finding = {
  type: 'object',
  required: ['area', 'component', 'severity', 'what', 'evidence', 'action'],
  properties: {
    area: { type: 'string', enum: [...diagnosisAreas] },
    component: { type: 'string', enum: [...componentNames] },
    severity: { type: 'string', enum: ['problem', 'warning'] },
    what: { type: 'string', description: 'What is wrong, in one sentence' },
    evidence: { type: 'array', items: { type: 'string' }, description: 'What the console read that shows it' },
    action: { type: 'string', description: 'What to do about it' },
    object: { type: 'string', description: 'Kind/name of the object it is about' },
  },
};

export const troubleshootPaths = {
  '/environments/{name}/diagnosis': {
    get: {
      summary:
        "What is wrong with an environment's components, for any signed-in reader: pod start-up (unschedulable with the scheduler's reason, images that cannot be pulled, crash loops with the last exit code, OOM kills against the memory limit), network (Services without ready endpoints, NetworkPolicies that let no caller in, missing mesh sidecars), scaling (ScaledObjects not Ready or with failing triggers, at the maximum with the metric above target, scale to zero without a waking trigger) and performance (p95 latency, 5xx ratio, CPU and memory against the alert thresholds). Each area whose source cannot be read (the cluster, Prometheus) is `unavailable` with the reason; the others are still judged",
      parameters: params,
      responses: {
        200: {
          description: 'Findings, problems first',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['environment', 'component', 'components', 'diagnosedAt', 'areas', 'findings'],
                properties: {
                  environment: { type: 'string' },
                  component: { type: 'string', nullable: true, enum: [...componentNames] },
                  components: { type: 'array', items: { type: 'string', enum: [...componentNames] } },
                  diagnosedAt: { type: 'string', format: 'date-time' },
                  areas: {
                    type: 'array',
                    items: { type: 'object', required: ['area', 'status'], properties: { area: { type: 'string', enum: [...diagnosisAreas] }, status: { type: 'string', enum: ['checked', 'unavailable'] }, reason: { type: 'string' } } },
                  },
                  findings: { type: 'array', items: finding },
                },
              },
            },
          },
        },
        ...errorRefs(400, 401, 404),
      },
    },
  },
  '/environments/{name}/support-bundle': {
    get: {
      summary:
        'A support bundle (tar.gz) for operators and above (viewers get 403: it holds container logs): the diagnosis, object states as the console keeps them, the namespace\'s Services and policies, recent events, log tails with secrets redacted, firing alerts, the last runs and plans. No Secret value and no cluster credential; every file passes the log redaction before it is packed',
      parameters: params,
      responses: {
        200: { description: 'The bundle, as an attachment named after the environment and the time', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } },
        ...errorRefs(400, 401, 403, 404),
      },
    },
  },
};
