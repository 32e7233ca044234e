import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { contentHash } from '@/lib/core/hash';
import { type KubeObject, toPlain } from '../kube-object';
import { restrictedContainerSecurity } from '../workloads/workload';
import { consoleNetworkPolicy } from './console-network-policy';
import type { ConsoleOptions } from './console-options';
import { consoleSecretName, consoleSecretSettings, consoleSettingDefaults, migrationSecretName, migrationSecretSettings, optionalConsoleSecretSettings } from './console-settings';

// The console on Kubernetes, in three waves applied in order (console-files.ts writes apply.sh):
//   1-access   the console's identity and rights (scripts/stack/manifests/console-rbac.yaml, the
//              same file the testbed and README install: given in, never re-written here), its
//              settings and its NetworkPolicy, so no pod of it ever runs unguarded;
//   2-migrate  the migration Job (schema and pg-boss' queue), named after the image, waited for;
//   3-console  the Deployment (web and deploy worker in each pod), its Service and disruption budget.
// Every replica serves any request and runs any deploy run: they share Postgres and pg-boss, and a
// run's lease decides which worker executes it (lib/server/runs/deploy-worker.ts).

export type PlainObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };
export type ConsoleWave = { name: '1-access' | '2-migrate' | '3-console'; objects: PlainObject[] };

export const consoleName = 'personapass-console';
export const consolePort = 3000;
export const probePaths = { ready: '/api/ready', live: '/api/live' } as const;
const configName = `${consoleName}-config`;
const uid = 65532;

export const consoleLabels = { 'app.kubernetes.io/name': consoleName, 'app.kubernetes.io/part-of': 'personapass-console' } as const;
const webLabels = { ...consoleLabels, 'app.kubernetes.io/component': 'console' };
const migrationLabels = { ...consoleLabels, 'app.kubernetes.io/component': 'migration' };

/** The image's contract (manifests/console/README.md): the repository built (`npm ci && npm run build`)
 *  in /app, run as a non-root user, with node on the PATH. */
const commands = {
  web: ['node_modules/.bin/next', 'start', '--hostname', '0.0.0.0', '--port', String(consolePort)],
  worker: ['node', '--import', 'tsx', 'scripts/worker.ts'],
  migrate: ['node', '--import', 'tsx', 'scripts/db/migrate.ts'],
};

export function renderConsole(options: ConsoleOptions, access: { rbac: readonly PlainObject[] }): ConsoleWave[] {
  const namespace = namespaceOf(access.rbac);
  const config = new ConfigMap({ metadata: { name: configName, namespace, labels: { ...consoleLabels } }, data: settingsOf(options) });
  const version = versionOf(options.image);
  return [
    { name: '1-access', objects: [...access.rbac, ...[config, consoleNetworkPolicy(namespace, options)].map(plain)] },
    { name: '2-migrate', objects: [plain(migrationJob(namespace, options, version))] },
    { name: '3-console', objects: [deployment(namespace, options, version, config), service(namespace), disruptionBudget(namespace)].map(plain) },
  ];
}

/** The migration Job of an image: a new image is a new Job (a Job's pod template cannot change). */
export function migrationJobName(image: string): string {
  return `${consoleName}-migrate-${contentHash(image).slice(0, 10)}`;
}

function namespaceOf(rbac: readonly PlainObject[]): string {
  const account = rbac.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === consoleName);
  if (!account?.metadata.namespace) throw new Error(`console-rbac.yaml holds no ServiceAccount ${consoleName}`);
  return account.metadata.namespace;
}

function settingsOf(options: ConsoleOptions): Record<string, string> {
  return { ...consoleSettingDefaults, NEXTAUTH_URL: options.publicUrl, OIDC_ISSUER: options.oidcIssuer, ...options.settings };
}

const secretEnv = (secret: string, settings: Record<string, string>, optional = false): IEnvVar[] =>
  Object.entries(settings).map(([name, key]) => ({ name, valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } } }));

// The pods never call the API server with their own token: clusters are reached with the
// credentials registered in the console (a token of this same ServiceAccount, README.md).
function podSpec(containers: IContainer[], extra: Partial<IPodSpec> = {}): IPodSpec {
  return {
    serviceAccountName: consoleName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } },
    containers,
    volumes: [
      { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
      { name: 'next-cache', emptyDir: { sizeLimit: '512Mi' } },
    ],
    ...extra,
  };
}

function container(name: string, image: string, command: string[], env: IEnvVar[], resources: IContainer['resources'], extra: Partial<IContainer> = {}): IContainer {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    command,
    workingDir: '/app',
    envFrom: [{ configMapRef: { name: configName } }],
    env,
    resources,
    securityContext: restrictedContainerSecurity,
    // tsx keeps its compile cache in /tmp; Next writes .next/cache (fetch and image caches).
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'next-cache', mountPath: '/app/.next/cache' },
    ],
    ...extra,
  };
}

function migrationJob(namespace: string, options: ConsoleOptions, version: string): Job {
  const env = [...secretEnv(migrationSecretName, migrationSecretSettings), ...secretEnv(consoleSecretName, { DATABASE_URL: consoleSecretSettings.DATABASE_URL })];
  const resources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } };
  return new Job({
    metadata: { name: migrationJobName(options.image), namespace, labels: { ...migrationLabels, 'app.kubernetes.io/version': version } },
    spec: {
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 7 * 24 * 3600,
      template: {
        metadata: { labels: { ...migrationLabels, 'app.kubernetes.io/version': version } },
        spec: podSpec([container('migrate', options.image, commands.migrate, env, resources, { envFrom: undefined })], { restartPolicy: 'Never' }),
      },
    },
  });
}

function deployment(namespace: string, options: ConsoleOptions, version: string, config: ConfigMap): Deployment {
  const selector = { matchLabels: { ...webLabels } };
  const secrets = [...secretEnv(consoleSecretName, consoleSecretSettings), ...secretEnv(consoleSecretName, optionalConsoleSecretSettings, true)];
  const web = container('console', options.image, commands.web, secrets, { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } }, {
    ports: [{ name: 'http', containerPort: consolePort, protocol: 'TCP' }],
    // Startup and liveness read nothing: a Postgres outage makes every replica unready, never restarts them.
    startupProbe: { httpGet: { path: probePaths.live, port: 'http' }, periodSeconds: 2, failureThreshold: 60, timeoutSeconds: 2 },
    readinessProbe: { httpGet: { path: probePaths.ready, port: 'http' }, periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 5 },
    livenessProbe: { httpGet: { path: probePaths.live, port: 'http' }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
    lifecycle: { preStop: { sleep: { seconds: 5 } } },
  });
  // No probe: it serves nothing; a crash restarts the container, and a run whose worker hangs or
  // dies is taken over by another replica's worker once its lease lapses (DEPLOY_RUN_LEASE_SECONDS).
  const worker = container(
    'deploy-worker',
    options.image,
    commands.worker,
    [...secrets, { name: 'PERSONAPASS_WORKER_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  );
  const zone = 'topology.kubernetes.io/zone';
  return new Deployment({
    metadata: { name: consoleName, namespace, labels: { ...webLabels, 'app.kubernetes.io/version': version } },
    spec: {
      replicas: options.replicas,
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: 600,
      selector,
      // Replicas never share a node, so a surge pod may have nowhere to go: replace one at a time.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      template: {
        metadata: {
          labels: { ...webLabels, 'app.kubernetes.io/version': version },
          // envFrom is read at start only: a settings change must roll the pods.
          annotations: { 'personapass.dev/config-hash': contentHash(config.data ?? {}).slice(0, 16) },
        },
        spec: podSpec([web, worker], {
          // The worker hands its runs back within 30 s of SIGTERM (pg-boss-job-queue.ts stopGraceMs).
          terminationGracePeriodSeconds: 45,
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: 'kubernetes.io/hostname' }],
              preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: zone } }],
            },
          },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector, matchLabelKeys: ['pod-template-hash'] }],
        }),
      },
    },
  });
}

function service(namespace: string): Service {
  return new Service({
    metadata: { name: consoleName, namespace, labels: { ...webLabels } },
    spec: { type: 'ClusterIP', selector: { ...webLabels }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }] },
  });
}

function disruptionBudget(namespace: string): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: { name: consoleName, namespace, labels: { ...webLabels } },
    // AlwaysAllow: during a Postgres outage every replica is unready, and a drain must still proceed.
    spec: { minAvailable: 1, selector: { matchLabels: { ...webLabels } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  });
}

function versionOf(image: string): string {
  const digest = /@sha256:([0-9a-f]{12})/.exec(image)?.[1];
  const tag = /:([\w][\w.-]{0,127})$/.exec(image.split('/').at(-1) ?? '')?.[1];
  return (digest ?? tag ?? 'unknown').slice(0, 63);
}

function plain(object: KubeObject): PlainObject {
  return toPlain(object) as PlainObject;
}
