// Every setting lib/env.ts reads, as the console's pods get it: secrets by secretKeyRef from the
// Secrets an administrator makes out of band (their values never appear in a render), everything
// else in the ConfigMap personapass-console-config. render-console.test.ts fails when lib/env.ts
// gains a setting this file does not place.

/** The Secret the console's pods read (kubectl create secret generic personapass-console ...). */
export const consoleSecretName = 'personapass-console';
/** The schema owner's URL, read by the migration Job only (the running console never holds it). */
export const migrationSecretName = 'personapass-console-migration';

/** Secret settings → their key in the Secret `personapass-console`. */
export const consoleSecretSettings = {
  DATABASE_URL: 'database-url',
  NEXTAUTH_SECRET: 'nextauth-secret',
  OIDC_CLIENT_SECRET: 'oidc-client-secret',
  CREDENTIAL_KEYS: 'credential-keys',
} as const;

export const migrationSecretSettings = { MIGRATION_DATABASE_URL: 'migration-database-url' } as const;

/**
 * Secret settings the pods read only where the Secret holds them (secretKeyRef optional: true):
 * backups of the console's database, off unless an operator adds these keys (and BACKUP_DIR on a
 * volume every replica's worker shares). Never a render setting: `--set` would put them in the
 * ConfigMap, which anyone who may read ConfigMaps reads.
 */
export const optionalConsoleSecretSettings = {
  BACKUP_KEYS: 'backup-keys',
  BACKUP_DATABASE_URL: 'backup-database-url',
} as const;

/** Non-secret settings with the value the console runs with unless the render is given another
 *  (lib/env.ts' defaults, spelled out so an operator sees and edits them in one ConfigMap). */
export const consoleSettingDefaults = {
  NODE_ENV: 'production',
  OIDC_CLIENT_ID: 'personapass-console',
  OIDC_GROUPS_CLAIM: 'groups',
  OIDC_SCOPES: 'openid email profile groups offline_access',
  OIDC_ROLE_GROUPS: 'personapass-viewers=viewer,personapass-operators=operator,personapass-approvers=approver,personapass-admins=admin',
  CREDENTIAL_ACTIVE_KEY_ID: 'k1',
  LOG_LEVEL: 'info',
  SESSION_MAX_AGE_HOURS: '12',
  API_TOKEN_CONFIRMATION_DAYS: '30',
  DEPLOY_WORKER_CONCURRENCY: '2',
  DEPLOY_RUN_LEASE_SECONDS: '60',
  DEPLOY_RUN_MAX_ATTEMPTS: '3',
  DEPLOY_APPLY_CONCURRENCY: '16',
  DEPLOY_ROLLOUT_TIMEOUT_SECONDS: '600',
  DEPLOY_ROLLOUT_TIMEOUTS: '',
  RUN_STREAMS_PER_USER: '10',
  RUN_STREAMS_PER_PROCESS: '200',
  GRAFANA_FRAME_ORIGINS: '',
  // Loopback listeners inside the pod (never public): read through kubectl port-forward.
  METRICS_PORT: '9464',
  WORKER_METRICS_PORT: '9465',
  METRICS_HOST: '127.0.0.1',
  OTEL_SERVICE_NAME: 'personapass-console',
  // The ingress in front sets X-Forwarded-Host/Proto (NetworkPolicy admits nothing else).
  TRUSTED_PROXIES: 'true',
  DRIFT_CHECK_INTERVAL_MINUTES: '10',
  // Webhook receivers are outside the cluster; a private one must be allowed on purpose.
  WEBHOOK_ALLOW_PRIVATE: 'none',
  WEBHOOK_MAX_ATTEMPTS: '8',
  BACKUP_SCHEDULE: '*/15 * * * *',
  BACKUP_KEEP_RECENT: '96',
  BACKUP_KEEP_DAILY: '30',
} as const;

/** Settings the render must be given: they name this installation. */
export const requiredConsoleSettings = ['NEXTAUTH_URL', 'OIDC_ISSUER'] as const;

/** Optional settings lib/env.ts accepts unset, and an empty value would be invalid for: set only when
 *  given (`--set NAME=VALUE`). */
export const optionalConsoleSettings = [
  'OIDC_PROMPT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  // Backups of the console's database are off in this render: they write to a directory
  // (BACKUP_DIR), which in a cluster must be a volume every replica's worker shares. Until the
  // object-storage BackupStore exists, an operator who mounts one sets these two, and the keys and
  // the dumping role's URL in the Secret (optionalConsoleSecretSettings).
  'BACKUP_DIR',
  'BACKUP_ACTIVE_KEY_ID',
] as const;

/** What lib/env.ts reads outside its schema, and why the pods do or do not get it. */
export const settingsOutsideTheSchema = {
  MIGRATION_DATABASE_URL: 'the migration Job only, from the Secret personapass-console-migration',
  APPLICATION_DATABASE_ROLE: 'not set: the migration Job grants the user of DATABASE_URL, which it reads from the same Secret',
  PERSONAPASS_CACHE: 'not set: the stack\'s cache of built tools (promtool, amtool) is a local-machine notion; checks needing them say they were skipped',
  PERSONAPASS_WORKER_NAME: 'the worker container: its pod\'s name (downward API)',
} as const;

export type ConsoleSetting = keyof typeof consoleSettingDefaults | (typeof requiredConsoleSettings)[number] | (typeof optionalConsoleSettings)[number];

export function isConsoleSetting(name: string): name is ConsoleSetting {
  return Object.hasOwn(consoleSettingDefaults, name) || (requiredConsoleSettings as readonly string[]).includes(name) || (optionalConsoleSettings as readonly string[]).includes(name);
}
