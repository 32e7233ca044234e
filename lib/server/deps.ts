import { otlpExporter, type Tracing } from './telemetry/run-trace';
import { AesGcmSecretBox } from '@/lib/adapters/crypto/aes-gcm-secret-box';
import { OidcIdentityProvider } from '@/lib/adapters/oidc/oidc-identity-provider';
import { KubeClusterGateway } from '@/lib/adapters/kubernetes/kube-cluster-gateway';
import { KubeClusterProbe } from '@/lib/adapters/kubernetes/kube-cluster-probe';
import { PrismaDeploymentHistoryStore } from '@/lib/adapters/prisma/prisma-deployment-history-store';
import type { DeploymentHistoryStore } from '@/lib/core/backups/configuration-backup';
import { KubeWatchCaches } from '@/lib/adapters/kubernetes/kube-watch-caches';
import { KubePodLogSources } from '@/lib/adapters/kubernetes/kube-pod-logs';
import { KubeClusterReadinessReaders } from '@/lib/adapters/kubernetes/kube-cluster-readiness';
import type { ClusterReadinessReaders } from '@/lib/core/setup/readiness-reader';
import { kubeClusterInspectors } from '@/lib/adapters/kubernetes/kube-cluster-inspector';
import { logger } from './logger';
import { PrismaApiTokenStore } from '@/lib/adapters/prisma/prisma-api-token-store';
import { notifyingDomainEvents } from './notifications/notify-domain-events';
import { PostgresReadinessProbe } from '@/lib/adapters/prisma/postgres-readiness-probe';
import type { ReadinessProbe } from '@/lib/core/health/readiness';
import { PrismaStatusLinkStore } from '@/lib/adapters/prisma/prisma-status-link-store';
import { PrismaDriftStore } from '@/lib/adapters/prisma/prisma-drift-store';
import type { StatusLinkStore } from '@/lib/core/status/status-link';
import { PrismaAuditLog } from '@/lib/adapters/prisma/prisma-audit-log';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { PrismaClusterStore } from '@/lib/adapters/prisma/prisma-cluster-store';
import { PrismaEnvironmentStore } from '@/lib/adapters/prisma/prisma-environment-store';
import { PrismaIdempotencyStore } from '@/lib/adapters/prisma/prisma-idempotency-store';
import { PrismaPlanStore } from '@/lib/adapters/prisma/prisma-plan-store';
import { cachingToolRunner } from '@/lib/adapters/tools/caching-tool-runner';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { PrismaUserStore } from '@/lib/adapters/prisma/prisma-user-store';
import { PgBossJobQueue } from '@/lib/adapters/jobs/pg-boss-job-queue';
import { PrometheusMetricsSources } from '@/lib/adapters/prometheus/prometheus-metrics-source';
import { JaegerTraceSources } from '@/lib/adapters/jaeger/jaeger-trace-source';
import { PrismaApprovalStore } from '@/lib/adapters/prisma/prisma-approval-store';
import { PrismaWebhookStore } from '@/lib/adapters/prisma/prisma-webhook-store';
import { HttpWebhookSender } from '@/lib/adapters/webhooks/http-webhook-sender';
import type { WebhookDeliveryQueue, WebhookSender, WebhookStore } from '@/lib/core/notifications/webhook-ports';
import { PrismaDeployRunStore } from '@/lib/adapters/prisma/prisma-deploy-run-store';
import { PrometheusAlertSource } from '@/lib/adapters/alertmanager/prometheus-alert-source';
import type { AlertSource } from '@/lib/core/alerts/alerts';
import type { Role } from '@/lib/core/auth/roles';
import type { ClusterGateways } from '@/lib/core/deploy/cluster-gateway';
import type { ApprovalStore, DeployRunStore, JobQueue } from '@/lib/core/deploy/deploy-ports';
import type { MetricsSources } from '@/lib/core/metrics/metrics-source';
import type { PodLogSources } from '@/lib/core/logs/pod-logs';
import type { ClusterInspectors } from '@/lib/core/troubleshoot/cluster-inspection';
import type { TraceSources } from '@/lib/core/traces/traces';
import type { ApiTokenStore, AuditLog, ClusterProbe, ClusterStore, DomainEvents, DriftStore, EnvironmentStore, IdempotencyStore, IdentityProvider, Notifier, PlanStore, SecretBox, UserStore } from '@/lib/core/ports';
import type { ToolRunner } from '@/manifests/validate/tool-runner';
import { getEnv, type AppEnv } from '@/lib/env';
import { FileBackupStore } from '@/lib/adapters/backups/file-backup-store';
import { PgBossBackupQueue } from '@/lib/adapters/jobs/pg-boss-backup-queue';
import { PgDumper } from '@/lib/adapters/postgres/pg-dumper';
import { PrismaBackupLog } from '@/lib/adapters/prisma/prisma-backup-log';
import type { BackupDeps } from './backups/backup-deps';
import { CachedClusterGateways } from './clusters/cached-cluster-gateways';
import { createRunStreams, defaultStreamLimits, type RunStreams } from './runs/run-streams';
import { clusterConnections } from './live/cluster-connections';
import { createLiveStreams, type LiveStreams } from './live/live-streams';
import { defaultNotificationSettings, type NotificationSettings } from './notifications/notification-settings';
import { QueueNotifier } from './notifications/queue-notifier';

// The one place that constructs adapters. Use cases receive Deps, so tests can build their own
// against a fresh database.

/** Settings use cases need, read once from lib/env.ts (tests pass their own). */
export type Settings = {
  /** Identity-provider group → console role. */
  roleGroups: Record<string, Role>;
  /** A browser session's absolute lifetime from sign-in; renewal never extends it. */
  sessionMaxAgeSeconds: number;
  /** API tokens stop when their owner's role was last confirmed by the identity provider longer ago. */
  apiTokenConfirmationDays: number;
};

/** How deploy runs execute (lib/env.ts DEPLOY_*). */
export type DeploySettings = {
  leaseSeconds: number;
  maxAttempts: number;
  applyConcurrency: number;
  rolloutTimeoutSeconds: number;
  /** Per environment (by name), overriding rolloutTimeoutSeconds (DEPLOY_ROLLOUT_TIMEOUTS). */
  rolloutTimeouts?: Record<string, number>;
  /** How often a rollout is looked at while waiting for it. */
  rolloutPollMs: number;
};

export const defaultDeploySettings: DeploySettings = { leaseSeconds: 60, maxAttempts: 3, applyConcurrency: 16, rolloutTimeoutSeconds: 600, rolloutPollMs: 1000 };


export type Deps = {
  environments: EnvironmentStore;
  clusters: ClusterStore;
  users: UserStore;
  apiTokens: ApiTokenStore;
  /** Share links to status pages (hashes of their tokens only). */
  statusLinks: StatusLinkStore;
  audit: AuditLog;
  secrets: SecretBox;
  identityProvider: IdentityProvider;
  settings: Settings;
  clusterProbe: ClusterProbe;
  /** Kubernetes access for the deploy engine, per registered cluster, from its decrypted credential. */
  clusterGateways: ClusterGateways;
  /** Idempotency-Key answers (lib/server/http/idempotency.ts). */
  idempotency: IdempotencyStore;
  plans: PlanStore;
  /** promtool and amtool for a plan's checks (skipped, and said so, where they are not installed). */
  runTool: ToolRunner;
  now: () => Date;
  approvals: ApprovalStore;
  runs: DeployRunStore;
  /** Deployed revisions, their runs and the inventory, as configuration backups read them. */
  deploymentHistory: DeploymentHistoryStore;
  jobs: JobQueue;
  deploy: DeploySettings;
  /** Run progress streams: their limits and the shared feed per run (one per process; lib/env.ts RUN_STREAMS_*). */
  runStreams: RunStreams;
  /** Firing and pending alerts with their silences (Prometheus and Alertmanager of each environment). */
  alerts: AlertSource;
  /** Live Kubernetes state: the shared watch caches (one per process) and the limits of the streams reading them. */
  live: LiveStreams;
  /** Each environment's Prometheus, with a timeout, a concurrency limit and a short shared cache. */
  metrics: MetricsSources;
  /** Container logs through each registered cluster's API server (pods/log), as the console's credential. */
  podLogs: PodLogSources;
  /** One-off reads a diagnosis makes beyond the watch caches (Services, EndpointSlices, NetworkPolicies, namespace labels). */
  clusterInspectors: ClusterInspectors;
  /** Each environment's Jaeger, with the same kind of limits. */
  traces: TraceSources;
  /** The readiness report's reads of a registered cluster, as the console's credential (lib/core/setup). */
  clusterReadiness: ClusterReadinessReaders;
  /** Grafana origins the console's pages may frame (GRAFANA_FRAME_ORIGINS, also the CSP frame-src). */
  grafanaFrameOrigins: readonly string[];
  /** Where traces of plans and deploy runs go (OTLP/HTTP); export absent: not traced (lib/env.ts OTEL_*). */
  tracing: Tracing;
  /** The readiness probe's checks of Postgres and the job queue (GET /api/ready). */
  readiness: ReadinessProbe;
  /** Outgoing webhooks per environment and their delivery log. */
  webhooks: WebhookStore;
  /** Posts webhook requests through the address guard (notifications.allowPrivate). */
  webhookSender: WebhookSender;
  /** Where webhook deliveries are queued (pg-boss). */
  webhookQueue: WebhookDeliveryQueue;
  /** Use cases tell it what happened; it queues a delivery per subscribed webhook. */
  notifier: Notifier;
  notifications: NotificationSettings;
  /** Each deployed environment's last drift check, and the baseline it compares with. */
  drift: DriftStore;
  /** Where domain events go (drift found, ...): notifications subscribe here; none by default. */
  events: DomainEvents;
  /** The console's own database backups; null when BACKUP_* is not configured. */
  backups: BackupDeps | null;
};

/** For processes that sign nobody in and check no roles (migrate, seed, register the local cluster). */
const offlineIdentityProvider: IdentityProvider = {
  readGroups: async () => ({ kind: 'unavailable', reason: 'this process does not talk to the identity provider' }),
};
const offlineSettings: Settings = { roleGroups: {}, sessionMaxAgeSeconds: 12 * 3600, apiTokenConfirmationDays: 30 };

export function createDeps(options: {
  db: Db;
  keys: Record<string, Buffer>;
  activeKeyId: string;
  identityProvider?: IdentityProvider;
  settings?: Settings;
  /** Where deploy-run jobs go (pg-boss on this database's URL). */
  databaseUrl?: string;
  jobs?: JobQueue;
  clusterGateways?: ClusterGateways;
  deploy?: DeploySettings;
  runStreams?: RunStreams;
  alerts?: AlertSource;
  live?: LiveStreams;
  metrics?: MetricsSources;
  podLogs?: PodLogSources;
  clusterInspectors?: ClusterInspectors;
  traces?: TraceSources;
  clusterReadiness?: ClusterReadinessReaders;
  grafanaFrameOrigins?: readonly string[];
  tracing?: Tracing;
  notifications?: NotificationSettings;
  webhookQueue?: WebhookDeliveryQueue;
  events?: DomainEvents;
  backups?: BackupDeps | null;
}): Deps {
  const boss = options.databaseUrl ? new PgBossJobQueue(options.databaseUrl) : undefined;
  const jobs = options.jobs ?? boss ?? noJobQueue;
  const webhookQueue = options.webhookQueue ?? boss ?? noWebhookQueue;
  const webhooks = new PrismaWebhookStore(options.db);
  const notifications = options.notifications ?? defaultNotificationSettings;
  const notifier = new QueueNotifier(webhooks, webhookQueue, notifications);
  const clusters = new PrismaClusterStore(options.db);
  const secrets = new AesGcmSecretBox(options.keys, options.activeKeyId);
  return {
    environments: new PrismaEnvironmentStore(options.db),
    clusters,
    users: new PrismaUserStore(options.db),
    apiTokens: new PrismaApiTokenStore(options.db),
    statusLinks: new PrismaStatusLinkStore(options.db),
    audit: new PrismaAuditLog(options.db),
    secrets,
    identityProvider: options.identityProvider ?? offlineIdentityProvider,
    settings: options.settings ?? offlineSettings,
    clusterProbe: new KubeClusterProbe(),
    clusterGateways: options.clusterGateways ?? new CachedClusterGateways(clusters, secrets, (connection) => new KubeClusterGateway(connection)),
    idempotency: new PrismaIdempotencyStore(options.db),
    plans: new PrismaPlanStore(options.db),
    runTool: cachingToolRunner(runTool),
    now: () => new Date(),
    approvals: new PrismaApprovalStore(options.db),
    runs: new PrismaDeployRunStore(options.db, jobs),
    deploymentHistory: new PrismaDeploymentHistoryStore(options.db),
    jobs,
    deploy: options.deploy ?? defaultDeploySettings,
    runStreams: options.runStreams ?? createRunStreams(),
    alerts: options.alerts ?? new PrometheusAlertSource({ timeoutMs: 3000, cacheMs: 2000 }),
    live: options.live ?? createLiveStreams(new KubeWatchCaches(clusterConnections(clusters, secrets), { logger }), defaultStreamLimits),
    metrics: options.metrics ?? new PrometheusMetricsSources(),
    podLogs: options.podLogs ?? new KubePodLogSources(clusterConnections(clusters, secrets)),
    clusterInspectors: options.clusterInspectors ?? kubeClusterInspectors(clusterConnections(clusters, secrets)),
    traces: options.traces ?? new JaegerTraceSources(),
    clusterReadiness: options.clusterReadiness ?? new KubeClusterReadinessReaders(clusterConnections(clusters, secrets)),
    grafanaFrameOrigins: options.grafanaFrameOrigins ?? [],
    tracing: options.tracing ?? { serviceName: 'personapass-console' },
    readiness: new PostgresReadinessProbe(options.db),
    webhooks,
    webhookSender: new HttpWebhookSender({ allow: notifications.allowPrivate, timeoutMs: notifications.timeoutMs }),
    webhookQueue,
    notifier,
    notifications,
    drift: new PrismaDriftStore(options.db),
    // Drift found reaches the environment's webhooks.
    events: options.events ?? notifyingDomainEvents(notifier),
    backups: options.backups ?? null,
  };
}

/** Backups as lib/env.ts configures them (BACKUP_*), or null when they are not. */
export function backupDepsFrom(env: AppEnv, db: Db): BackupDeps | null {
  if (!env.BACKUP_KEYS || !env.BACKUP_ACTIVE_KEY_ID || !env.BACKUP_DIR) return null;
  return {
    store: new FileBackupStore(env.BACKUP_DIR),
    log: new PrismaBackupLog(db),
    dumper: new PgDumper(env.BACKUP_DATABASE_URL ?? env.DATABASE_URL),
    keys: { keys: env.BACKUP_KEYS, activeKeyId: env.BACKUP_ACTIVE_KEY_ID },
    retention: { recent: env.BACKUP_KEEP_RECENT, daily: env.BACKUP_KEEP_DAILY },
    jobs: new PgBossBackupQueue(env.DATABASE_URL),
    schedule: env.BACKUP_SCHEDULE,
  };
}

const noWebhookQueue: WebhookDeliveryQueue = {
  enqueueWebhookDelivery: async () => {
    throw new Error('this process has no job queue (createDeps without databaseUrl)');
  },
};

const noJobQueue: JobQueue = {
  enqueueDeployRun: async () => {
    throw new Error('this process has no job queue (createDeps without databaseUrl)');
  },
};


// One connection pool per process, kept on globalThis because Next may load this module once per
// route bundle (and again on every dev reload). The adapters are cheap and stay per module copy,
// so the errors they throw come from the same copy as the code that catches them.
const holder = globalThis as unknown as {
  personapassDb?: Db;
  personapassRunStreams?: RunStreams;
  personapassLive?: LiveStreams;
  personapassMetrics?: MetricsSources;
  personapassTraces?: TraceSources;
  personapassAlerts?: AlertSource;
};
let deps: Deps | undefined;

export function getDeps(): Deps {
  if (!deps) {
    const env = getEnv();
    holder.personapassDb ??= createPrismaClient(env.DATABASE_URL);
    deps = createDeps({
      db: holder.personapassDb,
      keys: env.CREDENTIAL_KEYS,
      activeKeyId: env.CREDENTIAL_ACTIVE_KEY_ID,
      identityProvider: new OidcIdentityProvider({
        issuer: env.OIDC_ISSUER,
        clientId: env.OIDC_CLIENT_ID,
        clientSecret: env.OIDC_CLIENT_SECRET,
        groupsClaim: env.OIDC_GROUPS_CLAIM,
      }),
      databaseUrl: env.DATABASE_URL,
      // Process-wide like the pool: the stream caps count every stream this process serves.
      runStreams: (holder.personapassRunStreams ??= createRunStreams({ perUser: env.RUN_STREAMS_PER_USER, perProcess: env.RUN_STREAMS_PER_PROCESS, retryAfterSeconds: 5 })),
      // Process-wide too: one watch per (cluster, kind, namespace) for every request and viewer.
      live: (holder.personapassLive ??= createLiveStreams(
        new KubeWatchCaches(clusterConnections(new PrismaClusterStore(holder.personapassDb), new AesGcmSecretBox(env.CREDENTIAL_KEYS, env.CREDENTIAL_ACTIVE_KEY_ID)), { logger }),
        { perUser: env.RUN_STREAMS_PER_USER, perProcess: env.RUN_STREAMS_PER_PROCESS, retryAfterSeconds: 5 },
      )),
      // Process-wide too: the cache and the concurrency limit are shared by every request.
      metrics: (holder.personapassMetrics ??= new PrometheusMetricsSources()),
      traces: (holder.personapassTraces ??= new JaegerTraceSources()),
      alerts: (holder.personapassAlerts ??= new PrometheusAlertSource()),
      grafanaFrameOrigins: env.GRAFANA_FRAME_ORIGINS,
      backups: backupDepsFrom(env, holder.personapassDb),
      deploy: {
        leaseSeconds: env.DEPLOY_RUN_LEASE_SECONDS,
        maxAttempts: env.DEPLOY_RUN_MAX_ATTEMPTS,
        applyConcurrency: env.DEPLOY_APPLY_CONCURRENCY,
        rolloutTimeoutSeconds: env.DEPLOY_ROLLOUT_TIMEOUT_SECONDS,
        rolloutTimeouts: env.DEPLOY_ROLLOUT_TIMEOUTS,
        rolloutPollMs: 1000,
      },
      notifications: { ...defaultNotificationSettings, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE, maxAttempts: env.WEBHOOK_MAX_ATTEMPTS },
      tracing: { serviceName: env.OTEL_SERVICE_NAME, export: env.OTEL_EXPORTER_OTLP_ENDPOINT ? otlpExporter(env.OTEL_EXPORTER_OTLP_ENDPOINT) : undefined },
      settings: {
        roleGroups: env.OIDC_ROLE_GROUPS,
        sessionMaxAgeSeconds: env.SESSION_MAX_AGE_HOURS * 3600,
        apiTokenConfirmationDays: env.API_TOKEN_CONFIRMATION_DAYS,
      },
    });
  }
  return deps;
}
