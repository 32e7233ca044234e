import { z } from 'zod';
import { dependencyBlockProblem, dependencyBudgetProblem, observabilityAddressProblem } from './cidr';
import { systemNamespaceIn } from './deploy-targets';
import { nodesOf, placesOneReplicaPerNode } from './node-capacity';
import { cpuMillis, isCpuQuantity, isMemoryQuantity, maxCpuMillis, maxMemoryBytes, maxQuantityLength, memoryBytes } from './quantity';
import { podSecuritySchema } from './pod-security';
import { publicApiDomain, publicHost } from './public-host';
import { workingHoursSchema } from './working-hours';

/** The fewest approvals a production-tier environment may ever require. */
export const productionMinimumApprovals = 2;

export const componentNames = ['identity-service', 'wallet-api', 'credential-worker'] as const;
export type ComponentName = (typeof componentNames)[number];

export const tiers = ['development', 'staging', 'production'] as const;
export type Tier = (typeof tiers)[number];

const dnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label: lower-case letters, digits and "-"');

/** Whether `value` could name an environment (the spec's name rule): a URL's name that cannot names none. */
export const isEnvironmentName = (value: string): boolean => dnsLabel.safeParse(value).success;

const imageRepository = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
    'must be an image repository such as registry.example.com/personapass/wallet-api',
  );

const image = z
  .strictObject({
    repository: imageRepository,
    tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be a valid image tag').optional(),
    digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, 'must be sha256: followed by 64 hex digits').optional(),
  })
  .refine((value) => (value.tag === undefined) !== (value.digest === undefined), {
    message: 'give exactly one of tag or digest',
  });

// One issue per field: either the text is not a quantity, or it is above the bound.
function boundedQuantity(isQuantity: (value: string) => boolean, amount: (value: string) => number, max: number, messages: { malformed: string; tooLarge: string }) {
  return z.string().superRefine((value, ctx) => {
    if (value.length > maxQuantityLength || !isQuantity(value)) ctx.addIssue({ code: 'custom', message: messages.malformed });
    else if (amount(value) > max) ctx.addIssue({ code: 'custom', message: messages.tooLarge });
  });
}

const cpu = boundedQuantity(isCpuQuantity, cpuMillis, maxCpuMillis, {
  malformed: 'must be a CPU quantity such as 500m or 2',
  tooLarge: 'must be at most 256 cores (256000m)',
});
const memory = boundedQuantity(isMemoryQuantity, memoryBytes, maxMemoryBytes, {
  malformed: 'must be a memory quantity such as 512Mi or 4Gi',
  tooLarge: 'must be at most 2Ti',
});

const resources = z
  .strictObject({
    requests: z.strictObject({ cpu, memory }),
    limits: z.strictObject({ cpu, memory }),
  })
  .superRefine((value, ctx) => {
    if (cpuMillis(value.limits.cpu) < cpuMillis(value.requests.cpu)) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'cpu'], message: 'limit must be at least the request' });
    }
    if (memoryBytes(value.limits.memory) < memoryBytes(value.requests.memory)) {
      ctx.addIssue({ code: 'custom', path: ['limits', 'memory'], message: 'limit must be at least the request' });
    }
  });

const autoscaling = z
  .strictObject({
    enabled: z.boolean(),
    minReplicas: z.int().min(0).max(100),
    maxReplicas: z.int().min(1).max(100),
    triggers: z.strictObject({
      requestsPerSecond: z.number().positive().max(100_000).optional(),
      queueLength: z.int().positive().max(1_000_000).optional(),
      cpuUtilizationPercent: z.int().min(1).max(100).optional(),
      /** Average memory use of the component's own container, percent of its request. */
      memoryUtilizationPercent: z.int().min(1).max(100).optional(),
    }),
    /** Off-hours scale to zero: `replicas` inside the window (KEDA cron trigger), down to zero
     *  outside it when no other trigger is active. Never in production (its components are critical). */
    workingHours: workingHoursSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.minReplicas > value.maxReplicas) {
      ctx.addIssue({ code: 'custom', path: ['minReplicas'], message: 'must not exceed maxReplicas' });
    }
    const { requestsPerSecond, queueLength, cpuUtilizationPercent, memoryUtilizationPercent } = value.triggers;
    const { workingHours } = value;
    // KEDA evaluates no activity for CPU and memory: with only those it keeps the component running.
    if (value.enabled && value.minReplicas === 0 && requestsPerSecond === undefined && queueLength === undefined && !workingHours) {
      ctx.addIssue({
        code: 'custom',
        path: ['minReplicas'],
        message: 'scaling to zero needs a requests-per-second or queue-length trigger or working hours: CPU and memory alone cannot wake a component from zero',
      });
    }
    if (value.enabled && requestsPerSecond === undefined && queueLength === undefined && cpuUtilizationPercent === undefined && memoryUtilizationPercent === undefined) {
      ctx.addIssue({ code: 'custom', path: ['triggers'], message: 'autoscaling needs at least one trigger' });
    }
    if (!workingHours) return;
    if (!value.enabled) {
      ctx.addIssue({ code: 'custom', path: ['workingHours'], message: 'working hours need autoscaling: the schedule is a trigger of the autoscaler' });
    }
    if (value.minReplicas !== 0) {
      ctx.addIssue({ code: 'custom', path: ['minReplicas'], message: 'must be 0 with working hours: outside them the component scales to zero' });
    }
    if (workingHours.replicas > value.maxReplicas) {
      ctx.addIssue({ code: 'custom', path: ['workingHours', 'replicas'], message: 'must not exceed maxReplicas' });
    }
  });

// NetworkPolicy matches addresses, never names: a dependency is reached at the CIDR blocks given
// here (for a managed database, the subnets its endpoint may move within on failover, not today's
// address); its host name is what the component connects to, shown to people. The blocks are all
// that bounds a compromised workload's reach outside the cluster: cidr.ts refuses special-purpose
// ranges (the metadata service), blocks wider than /16 or /48, and more addresses per component
// than its budget; the external-dependencies policy check applies the same rules to a render.
const cidrBlock = z.string().max(64).superRefine((value, ctx) => {
  const problem = dependencyBlockProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const externalDependencySchema = z.strictObject({
  /** What it is to the component; a component that reads a database URL needs one named `database`. */
  name: dnsLabel,
  host: z.hostname('must be a host name such as db.example.com').max(253).optional(),
  cidrs: z.array(cidrBlock).min(1, 'give at least one CIDR block').max(16),
  port: z.int().min(1).max(65535),
});

const dependencies = z
  .array(externalDependencySchema)
  .max(16)
  .superRefine((list, ctx) => {
    list.forEach((dependency, index) => {
      if (list.findIndex((other) => other.name === dependency.name) !== index) {
        ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `${dependency.name} is declared twice` });
      }
    });
    const budget = dependencyBudgetProblem(list.flatMap((dependency) => dependency.cidrs));
    if (budget) ctx.addIssue({ code: 'custom', message: budget });
  });

/** The components that answer HTTP requests through the mesh (the worker serves only metrics). */
export const servingComponentNames = ['identity-service', 'wallet-api'] as const satisfies readonly ComponentName[];

/** The most requests per second one pod's limit may allow: a sidecar handles a few thousand per
 *  core, so a limit above this never protects anything (leave the limit out instead). */
const maxRateLimitPerPod = 10_000;
/** The bucket may hold at most this many seconds of the rate: a burst larger than that is no limit
 *  during the time the autoscaler needs (15 s polling) and hides a sustained overload. */
const maxBurstSeconds = 10;

// Envoy's local rate limit in each pod's sidecar: a token bucket of `burst` tokens refilled with
// `requestsPerSecond` every second. Per pod, not per service: N replicas take N times the rate.
export const rateLimitSchema = z
  .strictObject({
    requestsPerSecond: z.int('must be a whole number of requests per second').min(1).max(maxRateLimitPerPod),
    burst: z.int('must be a whole number of requests').min(1).max(maxRateLimitPerPod * maxBurstSeconds),
  })
  .superRefine((value, ctx) => {
    if (value.burst < value.requestsPerSecond) {
      ctx.addIssue({ code: 'custom', path: ['burst'], message: 'must be at least requestsPerSecond: the bucket refills that many tokens every second' });
    } else if (value.burst > value.requestsPerSecond * maxBurstSeconds) {
      ctx.addIssue({ code: 'custom', path: ['burst'], message: `must be at most ${maxBurstSeconds} seconds of requestsPerSecond (${value.requestsPerSecond * maxBurstSeconds})` });
    }
  });

// An HTTP header name as Envoy matches it (lower case: HTTP/2 and Envoy lower-case every name), never
// a pseudo-header such as :authority.
const headerName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case HTTP header name such as x-personapass-track');

// A second Deployment of the component beside the stable one: its pods get `weightPercent` of the
// traffic, and every request with the header (when given) whatever the weight.
export const canarySchema = z.strictObject({
  image,
  replicas: z.int().min(1).max(100),
  /** Share of the requests without the header that go to the canary; the stable pods get the rest. */
  weightPercent: z.int('must be a whole percentage').min(0).max(100),
  /** A/B: requests carrying this header with exactly this value always go to the canary. */
  header: z.strictObject({ name: headerName, value: z.string().min(1).max(256).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces') }).optional(),
});

export const componentSpecSchema = z.strictObject({
  enabled: z.boolean(),
  image,
  replicas: z.int().min(0).max(100),
  autoscaling,
  resources,
  /** Services outside the cluster it calls; the network policies allow exactly these (TCP). */
  dependencies: dependencies.default([]),
  /** Per-pod limit on the HTTP requests its sidecar admits (429 above it); absent: no limit. */
  rateLimit: rateLimitSchema.optional(),
  /** A canary release of the component (its own Deployment, routed by weight and header); absent: none. */
  canary: canarySchema.optional(),
});

function hasCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    return false; // not a URL at all: the url check already says so
  }
}

// Shown to users as links and embedded as frames: only http(s), and never with a user name or
// password in it (it would be stored in every revision and shown to every viewer).
const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => !hasCredentials(value), 'must not contain credentials (user:password@); configure access to it outside the spec');

/** Problem with the address an observability URL names (the console's server calls it): link-local and
 *  the clouds' metadata services are refused (cidr.ts); loopback and private addresses are allowed. */
function observabilityHostProblem(value: string): string | undefined {
  try {
    return observabilityAddressProblem(new URL(value).hostname);
  } catch {
    return undefined; // not a URL at all: the url check already says so
  }
}

// The URLs the console's server fetches (and Grafana's, which it links and frames): an http(s) URL
// whose host is not a special-purpose address. A DNS name is checked again when connecting.
const observabilityUrl = httpUrl.superRefine((value, ctx) => {
  const problem = observabilityHostProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `must not name ${problem}` });
});

/** A Grafana the platform runs in the environment's monitoring namespace. Absent or `run: false`: the
 *  cluster's shared Grafana loads the rendered dashboards and datasources through its sidecars. One
 *  replica only: Grafana keeps users and sessions in SQLite on an emptyDir (everything else is
 *  provisioned), and two replicas would need a shared database. Its admin credentials are the Secret
 *  `grafana-admin` (keys `admin-user`, `admin-password`) in the monitoring namespace, made out of band:
 *  a fixed name like the platform's other Secrets, because the cluster owner's admission policy lists
 *  every Secret the console may make a pod read (scripts/stack/manifests/console-admission.yaml). */
export const grafanaSpecSchema = z.strictObject({
  run: z.boolean(),
});

export const environmentSpecSchema = z
  .strictObject({
    name: dnsLabel,
    cluster: dnsLabel,
    // The platform adds "-monitoring" and "-tracing" namespaces beside this one (63 - 11 = 52).
    namespace: dnsLabel.max(52, 'must be at most 52 characters: the platform adds -monitoring and -tracing namespaces'),
    tier: z.enum(tiers),
    /** The most nodes the environment's pods may run on: its node pool's size, or the maximum its
     *  cluster autoscaler may grow it to. Absent: the tier's default (node-capacity.ts). */
    nodes: z.int().min(1).max(5000).optional(),
    /** Pod Security of the app, tracing and monitoring namespaces: restricted unless one is marked
     *  baseline with a reason (pod-security.ts). Absent: all restricted. */
    podSecurity: podSecuritySchema.optional(),
    protection: z.strictObject({
      protected: z.boolean(),
      approvalsRequired: z.int().min(0).max(5),
      approvalExpiryHours: z.int().min(1).max(720),
    }),
    components: z.strictObject({
      'identity-service': componentSpecSchema,
      'wallet-api': componentSpecSchema,
      'credential-worker': componentSpecSchema,
    }),
    toggles: z.strictObject({
      mtlsStrict: z.boolean(),
      monitoring: z.boolean(),
      tracingSamplingRatio: z.number().min(0).max(1),
    }),
    observability: z.strictObject({
      prometheusUrl: observabilityUrl,
      grafanaUrl: observabilityUrl,
      grafanaDashboardIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a Grafana dashboard uid')).max(20),
      jaegerUrl: observabilityUrl,
      alertmanagerUrl: observabilityUrl,
      // Whether Alertmanager sends the always-firing Watchdog to a heartbeat check outside the
      // cluster that alerts when the pings stop. Its ping URL is a credential: it lives in the
      // alertmanager-receivers Secret (key dead-mans-switch-url), never here. Without it the
      // Watchdog reaches no one, which the dead-mans-switch policy refuses in production.
      deadMansSwitch: z.boolean().default(false),
      grafana: grafanaSpecSchema.optional(),
    }),
  })
  .superRefine((spec, ctx) => {
    const system = systemNamespaceIn(spec);
    if (system) {
      ctx.addIssue({
        code: 'custom',
        path: ['namespace'],
        message: system === spec.namespace ? `${system} belongs to the cluster, not to an environment` : `the platform would also use ${system}, which belongs to the cluster`,
      });
    }
    // Production has its own, higher floor below.
    if (spec.tier !== 'production' && spec.protection.protected && spec.protection.approvalsRequired < 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['protection', 'approvalsRequired'],
        message: 'a protected environment needs at least one approval',
      });
    }
    if (spec.observability.grafana?.run) {
      for (const message of grafanaUrlProblems(spec.observability.grafanaUrl, spec.toggles.monitoring, spec.name)) {
        ctx.addIssue({ code: 'custom', path: message.path, message: message.message });
      }
    }
    // A replica beyond the node count can never be scheduled where two may not share a node.
    if (placesOneReplicaPerNode(spec.tier)) {
      const nodes = nodesOf(spec);
      for (const name of componentNames) {
        const component = spec.components[name];
        const most = component.autoscaling.enabled ? component.autoscaling.maxReplicas : component.replicas;
        if (!component.enabled || most <= nodes) continue;
        ctx.addIssue({
          code: 'custom',
          path: ['components', name, ...(component.autoscaling.enabled ? ['autoscaling', 'maxReplicas'] : ['replicas'])],
          message:
            `at most ${nodes}: ${spec.tier} places one replica per node (required anti-affinity) and the environment has ${nodes} nodes` +
            (spec.nodes === undefined ? ` (the ${spec.tier} default; raise nodes if it has more)` : ''),
        });
      }
    }
    for (const name of componentNames) {
      const { rateLimit, autoscaling } = spec.components[name];
      if (!rateLimit) continue;
      if (!(servingComponentNames as readonly ComponentName[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['components', name, 'rateLimit'], message: `${name} serves no HTTP requests to limit` });
        continue;
      }
      const target = autoscaling.triggers.requestsPerSecond;
      if (autoscaling.enabled && target !== undefined && rateLimit.requestsPerSecond <= target) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', name, 'rateLimit', 'requestsPerSecond'],
          message: `must be above the autoscaling target of ${target} requests per second per replica, or pods refuse requests before the autoscaler adds replicas`,
        });
      }
    }
    for (const name of componentNames) {
      const { canary } = spec.components[name];
      if (!canary) continue;
      if (!(servingComponentNames as readonly ComponentName[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['components', name, 'canary'], message: `${name} serves no requests to route to a canary` });
      } else if (placesOneReplicaPerNode(spec.tier) && canary.replicas > nodesOf(spec)) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', name, 'canary', 'replicas'],
          message: `at most ${nodesOf(spec)}: ${spec.tier} places one canary replica per node and the environment has ${nodesOf(spec)} nodes`,
        });
      }
      if (spec.tier === 'production' && canary.image.tag === 'latest') {
        ctx.addIssue({ code: 'custom', path: ['components', name, 'canary', 'image', 'tag'], message: '"latest" is not allowed in production; pin a version or a digest' });
      }
    }
    if (spec.tier !== 'production') return;
    // Every component of production is on the path of a user's request or credential: none goes
    // to zero by the clock (users are in every time zone).
    for (const name of componentNames) {
      if (spec.components[name].autoscaling.workingHours) {
        ctx.addIssue({
          code: 'custom',
          path: ['components', name, 'autoscaling', 'workingHours'],
          message: 'production components are critical and never scale to zero by schedule',
        });
      }
    }
    if (!spec.protection.protected) {
      ctx.addIssue({ code: 'custom', path: ['protection', 'protected'], message: 'production environments must be protected' });
    }
    if (spec.protection.approvalsRequired < productionMinimumApprovals) {
      ctx.addIssue({
        code: 'custom',
        path: ['protection', 'approvalsRequired'],
        message: `production environments need at least ${productionMinimumApprovals} approvals`,
      });
    }
    for (const name of componentNames) {
      if (spec.components[name].image.tag === 'latest') {
        ctx.addIssue({
          code: 'custom',
          path: ['components', name, 'image', 'tag'],
          message: '"latest" is not allowed in production; pin a version or a digest',
        });
      }
    }
  });

/** Where a Grafana the platform runs is reached: the ingress gateway routes the URL's host to it, so
 *  it must be a DNS name served over HTTPS at the root of the host; and it shows the monitoring
 *  namespace's dashboards and Prometheus, so monitoring must be on.
 *  The URL becomes Grafana's root_url, and Grafana expands `$__env{…}`, `${…}` and `$__file{…}` in
 *  every setting (its login page shows the result): no fragment, and none of `$`, `{`, `}`.
 *  The host goes on the shared ingress gateway beside every other environment's: it must be the
 *  environment's own (its name as a whole label, such as grafana.dev.example.com), never a public
 *  API host (`*.api.personapass.io`, its own included), or its Gateway would claim another's. */
function grafanaUrlProblems(grafanaUrl: string, monitoring: boolean, environment: string): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (!monitoring) problems.push({ path: ['observability', 'grafana', 'run'], message: 'a Grafana run by the platform needs monitoring on (its dashboards and Prometheus)' });
  let url: URL;
  try {
    url = new URL(grafanaUrl);
  } catch {
    return problems; // the URL check already says so
  }
  const at = ['observability', 'grafanaUrl'];
  if (url.protocol !== 'https:') problems.push({ path: at, message: 'a Grafana run by the platform is served over HTTPS by the ingress gateway: use https://' });
  const host = url.hostname;
  const dnsName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/.test(host) && !/^[0-9.]+$/.test(host);
  if (!dnsName) {
    problems.push({ path: at, message: 'a Grafana run by the platform needs a DNS name the ingress gateway routes (such as grafana.dev.personapass.io), not an IP address or a local name' });
  }
  if (url.port !== '') problems.push({ path: at, message: 'a Grafana run by the platform is reached on the gateway\'s port 443: no port in the URL' });
  if (url.pathname !== '/' || url.search !== '') problems.push({ path: at, message: 'a Grafana run by the platform is served at the root of its host: no path' });
  if (url.hash !== '' || /[${}]/.test(grafanaUrl)) {
    problems.push({ path: at, message: 'a Grafana run by the platform takes its URL as a setting that Grafana expands: no fragment (#) and none of $ { }' });
  }
  if (dnsName && (host === publicApiDomain || host.endsWith(`.${publicApiDomain}`))) {
    problems.push({ path: at, message: `${host} is a public API host (${publicHost(environment)} is this environment's): give Grafana a host of its own` });
  } else if (dnsName && !host.split('.').slice(0, -1).includes(environment)) {
    problems.push({ path: at, message: `the host must belong to the environment: include its name ${environment} as a whole label, such as grafana.${environment}.personapass.io` });
  }
  return problems;
}

export type EnvironmentSpec = z.infer<typeof environmentSpecSchema>;
export type ComponentSpec = z.infer<typeof componentSpecSchema>;
export type ExternalDependency = z.infer<typeof externalDependencySchema>;
export type RateLimit = z.infer<typeof rateLimitSchema>;
export type Canary = z.infer<typeof canarySchema>;

export function imageReference(spec: ComponentSpec['image']): string {
  return spec.digest ? `${spec.repository}@${spec.digest}` : `${spec.repository}:${spec.tag}`;
}
