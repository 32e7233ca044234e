import { metricCharts, metricRanges } from '@/lib/core/metrics/metric-charts';
import { componentNames } from '@/lib/core/environments/environment-spec';
import { traceRanges } from '@/lib/core/traces/traces';

// The observability part of the OpenAPI document (metrics, traces); openapi-document.ts merges it.

const errorRefs = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]));
const nameParam = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };

const series = {
  type: 'object',
  properties: {
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    points: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }, description: '[unix seconds, value]' },
  },
};

const chart = {
  type: 'object',
  required: ['chart', 'title', 'unit', 'legend', 'status'],
  properties: {
    chart: { type: 'string', enum: [...metricCharts] },
    title: { type: 'string' },
    unit: { type: 'string', enum: ['reqps', 'ratio', 'ms', 'cores', 'bytes', 'count'] },
    legend: { type: 'string', description: 'Grafana-style legend template, e.g. {{destination_workload}}' },
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    series: { type: 'array', items: series, description: 'With status ok' },
    error: { type: 'string', description: 'With status unavailable: why this chart could not be read (Prometheus slow, down or refusing)' },
  },
};

const marker = {
  type: 'object',
  properties: {
    time: { type: 'string', format: 'date-time' },
    runId: { type: 'string', format: 'uuid' },
    kind: { type: 'string', enum: ['deploy', 'rollback'] },
    revision: { type: 'integer' },
    result: { type: 'string' },
  },
};

const traceSummary = {
  type: 'object',
  properties: {
    traceId: { type: 'string' },
    rootService: { type: 'string' },
    rootOperation: { type: 'string' },
    start: { type: 'string', format: 'date-time' },
    durationMs: { type: 'number' },
    spanCount: { type: 'integer' },
    error: { type: 'boolean' },
    url: { type: 'string', format: 'uri', description: "The trace in Jaeger's UI" },
  },
};

const traceList = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    traces: { type: 'array', items: traceSummary, description: 'With status ok' },
    error: { type: 'string', description: 'With status unavailable: why Jaeger could not be searched (slow, down or refusing)' },
  },
};

/** A 200 answer of JSON with these properties. */
const answer = (description: string, properties: Record<string, unknown>) => ({
  200: { description, content: { 'application/json': { schema: { type: 'object', properties } } } },
});

export const observabilityPaths = {
  '/environments/{name}/metrics': {
    get: {
      summary:
        "Charts of the environment or one component from its Prometheus over a range (allow-listed queries only; the caller names a chart, never PromQL), with the environment's deploy runs in that range as markers. A chart Prometheus cannot answer in time carries its own error; the others still answer",
      parameters: [
        nameParam,
        { name: 'range', in: 'query', schema: { type: 'string', enum: [...metricRanges], default: '1h' } },
        { name: 'component', in: 'query', schema: { type: 'string', enum: [...componentNames] }, description: 'Without it, the whole environment' },
        { name: 'chart', in: 'query', schema: { type: 'string', enum: [...metricCharts] }, description: 'Without it, every chart that fits the component' },
      ],
      responses: {
        ...answer('The charts, each with its series (at most about 1,000 points each) or its error, and the deploy markers', {
          environment: { type: 'string' },
          component: { type: 'string', nullable: true },
          range: { type: 'string', enum: [...metricRanges] },
          window: { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' }, step: { type: 'integer' } } },
          charts: { type: 'array', items: chart },
          markers: { type: 'array', items: marker },
        }),
        ...errorRefs(400, 401, 403, 404),
      },
    },
  },
  '/environments/{name}/traces': {
    get: {
      summary:
        "A component's recent error traces (newest first) and slowest traces from the environment's Jaeger, with duration, root operation and a link to each trace in Jaeger's UI, and links to Jaeger's search for the component's service and window. A list Jaeger cannot answer in time carries its own error",
      parameters: [
        nameParam,
        { name: 'component', in: 'query', required: true, schema: { type: 'string', enum: [...componentNames] } },
        { name: 'range', in: 'query', schema: { type: 'string', enum: [...traceRanges], default: '1h' } },
      ],
      responses: {
        ...answer('The lists, each with its traces or its error, and the search links', {
          environment: { type: 'string' },
          component: { type: 'string', enum: [...componentNames] },
          service: { type: 'string', description: "The service name the component's spans carry (its OTEL_SERVICE_NAME)" },
          range: { type: 'string', enum: [...traceRanges] },
          window: { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' } }, description: 'Unix microseconds' },
          search: { type: 'object', properties: { all: { type: 'string', format: 'uri' }, errors: { type: 'string', format: 'uri' } } },
          errors: traceList,
          slowest: traceList,
        }),
        ...errorRefs(400, 401, 403, 404),
      },
    },
  },
  '/environments/{name}/dashboards': {
    get: {
      summary:
        "Links into the environment's Grafana over a range: each platform dashboard (provisioned with monitoring on) with an Open-in-Grafana URL and a solo-panel URL per panel for an iframe, and the spec's extra dashboard uids as open-only links. embeddable says whether the console's pages may frame this Grafana (its origin is in GRAFANA_FRAME_ORIGINS, the pages' CSP frame-src). No Grafana is asked",
      parameters: [nameParam, { name: 'range', in: 'query', schema: { type: 'string', enum: [...metricRanges], default: '1h' } }],
      responses: {
        ...answer('The dashboards and their panels', {
          environment: { type: 'string' },
          range: { type: 'string', enum: [...metricRanges] },
          grafanaUrl: { type: 'string', format: 'uri' },
          embeddable: { type: 'boolean' },
          dashboards: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                key: { type: 'string' },
                uid: { type: 'string' },
                title: { type: 'string' },
                url: { type: 'string', format: 'uri', description: 'The dashboard in Grafana (/d/{uid})' },
                panels: {
                  type: 'array',
                  items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, soloUrl: { type: 'string', format: 'uri', description: '/d-solo/{uid}?panelId=…' } } },
                },
              },
            },
          },
        }),
        ...errorRefs(400, 401, 403, 404),
      },
    },
  },
};
