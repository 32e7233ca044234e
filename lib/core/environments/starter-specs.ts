import type { ComponentName, ComponentSpec, EnvironmentSpec, ExternalDependency, Tier } from './environment-spec';
import { defaultNodes } from './node-capacity';
import { grafanaUid } from './grafana-uids';
import type { WorkingHours } from './working-hours';

// The platform's own figures (identity-service 500m/1Gi → 2000m/4Gi, wallet-api 250m/512Mi →
// 1000m/2Gi), used by the seed and as the starting point of the "new environment" form.

const registry = 'registry.personapass.io/personapass';

const resourcesByComponent: Record<ComponentName, ComponentSpec['resources']> = {
  'identity-service': { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2000m', memory: '4Gi' } },
  'wallet-api': { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2Gi' } },
  'credential-worker': { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '1Gi' } },
};

const versions: Record<ComponentName, string> = {
  'identity-service': '1.8.2',
  'wallet-api': '2.3.0',
  'credential-worker': '1.2.5',
};

// The tier's managed Postgres: its endpoint's name, and the database subnets (one per zone) that
// endpoint may move within on failover. identity-service and wallet-api each read their own
// database's URL from a Secret; both databases live on it.
const postgresByTier: Record<Tier, ExternalDependency> = {
  development: { name: 'database', host: 'postgres-dev.data.personapass.io', cidrs: ['10.30.0.0/24'], port: 5432 },
  staging: { name: 'database', host: 'postgres-staging.data.personapass.io', cidrs: ['10.40.0.0/24', '10.40.1.0/24'], port: 5432 },
  production: { name: 'database', host: 'postgres.data.personapass.io', cidrs: ['10.50.0.0/24', '10.50.1.0/24', '10.50.2.0/24'], port: 5432 },
};
const readsDatabase: Record<ComponentName, boolean> = { 'identity-service': true, 'wallet-api': true, 'credential-worker': false };

// Each serving pod refuses requests beyond 150 a second, 300 at once (429 from its sidecar). The
// seed scales them at 50 requests per second per replica: three times that leaves the autoscaler
// (15 s polling, doubling every 15 s) time to add replicas before a surge is refused, and still stops
// a single client from taking a pod far beyond what its CPU limit is sized for. The burst is two
// seconds at the limit, enough for a spike shorter than one polling interval.
const rateLimitByComponent: Record<ComponentName, ComponentSpec['rateLimit']> = {
  'identity-service': { requestsPerSecond: 150, burst: 300 },
  'wallet-api': { requestsPerSecond: 150, burst: 300 },
  'credential-worker': undefined,
};

const replicasByTier: Record<Tier, number> = { development: 1, staging: 2, production: 3 };
// Production never puts two replicas on one node, so its ceiling is the tier's default node count.
const maxByTier: Record<Tier, number> = { development: 3, staging: 6, production: defaultNodes.production };

const workingHours: WorkingHours = { timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '20:00', replicas: 1 };

function component(name: ComponentName, tier: Tier): ComponentSpec {
  const replicas = replicasByTier[tier];
  const isWorker = name === 'credential-worker';
  return {
    enabled: true,
    image: { repository: `${registry}/${name}`, tag: versions[name] },
    replicas,
    autoscaling: {
      // In development the services keep a fixed replica; the worker still scales on its queue, to zero.
      enabled: tier !== 'development' || isWorker,
      // The worker scales to zero outside production when its queue is empty.
      minReplicas: isWorker && tier !== 'production' ? 0 : replicas,
      maxReplicas: maxByTier[tier],
      triggers: isWorker ? { queueLength: 10, cpuUtilizationPercent: 70 } : { requestsPerSecond: 50, cpuUtilizationPercent: 70 },
      // Outside production the worker keeps one warm replica in working hours; off-hours it sits at
      // zero until its queue has work (production's components are critical: never by schedule).
      ...(isWorker && tier !== 'production' ? { workingHours: structuredClone(workingHours) } : {}),
    },
    resources: structuredClone(resourcesByComponent[name]),
    dependencies: readsDatabase[name] ? [structuredClone(postgresByTier[tier])] : [],
    ...(rateLimitByComponent[name] ? { rateLimit: { ...rateLimitByComponent[name] } } : {}),
  };
}

export function starterSpec(name: string, tier: Tier): EnvironmentSpec {
  const isProduction = tier === 'production';
  return {
    name,
    cluster: 'local',
    namespace: `personapass-${name}`,
    tier,
    protection: {
      protected: tier !== 'development',
      approvalsRequired: isProduction ? 2 : tier === 'staging' ? 1 : 0,
      approvalExpiryHours: isProduction ? 24 : 72,
    },
    components: {
      'identity-service': component('identity-service', tier),
      'wallet-api': component('wallet-api', tier),
      'credential-worker': component('credential-worker', tier),
    },
    toggles: { mtlsStrict: true, monitoring: true, tracingSamplingRatio: isProduction ? 0.05 : tier === 'staging' ? 0.25 : 1 },
    observability: {
      prometheusUrl: 'http://127.0.0.1:59090',
      grafanaUrl: 'http://127.0.0.1:53000',
      // The platform's dashboards carry the environment's name; a spec without a name yet links none.
      grafanaDashboardIds: name ? (['overview', 'application', 'mesh'] as const).map((dashboard) => grafanaUid(name, dashboard)) : [],
      jaegerUrl: 'http://127.0.0.1:56686',
      alertmanagerUrl: 'http://127.0.0.1:59093',
      // Production's Watchdog must reach someone; the ping URL goes in the alertmanager-receivers Secret.
      deadMansSwitch: isProduction,
    },
  };
}
