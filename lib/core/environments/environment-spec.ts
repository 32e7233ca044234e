import { z } from 'zod';
import { dependencyBlockProblem, dependencyBudgetProblem } from './cidr';
import { systemNamespaceIn } from './deploy-targets';
import { nodesOf, placesOneReplicaPerNode } from './node-capacity';
import { cpuMillis, isCpuQuantity, isMemoryQuantity, maxCpuMillis, maxMemoryBytes, maxQuantityLength, memoryBytes } from './quantity';

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
    }),
  })
  .superRefine((value, ctx) => {
    if (value.minReplicas > value.maxReplicas) {
      ctx.addIssue({ code: 'custom', path: ['minReplicas'], message: 'must not exceed maxReplicas' });
    }
    const { requestsPerSecond, queueLength, cpuUtilizationPercent } = value.triggers;
    if (value.enabled && value.minReplicas === 0 && requestsPerSecond === undefined && queueLength === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['minReplicas'],
        message: 'scaling to zero needs a requests-per-second or queue-length trigger: CPU alone cannot wake a component from zero',
      });
    }
    if (value.enabled && requestsPerSecond === undefined && queueLength === undefined && cpuUtilizationPercent === undefined) {
      ctx.addIssue({ code: 'custom', path: ['triggers'], message: 'autoscaling needs at least one trigger' });
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

export const componentSpecSchema = z.strictObject({
  enabled: z.boolean(),
  image,
  replicas: z.int().min(0).max(100),
  autoscaling,
  resources,
  /** Services outside the cluster it calls; the network policies allow exactly these (TCP). */
  dependencies: dependencies.default([]),
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
      prometheusUrl: httpUrl,
      grafanaUrl: httpUrl,
      grafanaDashboardIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be a Grafana dashboard uid')).max(20),
      jaegerUrl: httpUrl,
      alertmanagerUrl: httpUrl,
      // Whether Alertmanager sends the always-firing Watchdog to a heartbeat check outside the
      // cluster that alerts when the pings stop. Its ping URL is a credential: it lives in the
      // alertmanager-receivers Secret (key dead-mans-switch-url), never here. Without it the
      // Watchdog reaches no one, which the dead-mans-switch policy refuses in production.
      deadMansSwitch: z.boolean().default(false),
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
    if (spec.tier !== 'production') return;
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

export type EnvironmentSpec = z.infer<typeof environmentSpecSchema>;
export type ComponentSpec = z.infer<typeof componentSpecSchema>;
export type ExternalDependency = z.infer<typeof externalDependencySchema>;

export function imageReference(spec: ComponentSpec['image']): string {
  return spec.digest ? `${spec.repository}@${spec.digest}` : `${spec.repository}:${spec.tag}`;
}
