import { z } from 'zod';
import { webhookPrivateAccessLevels } from './core/notifications/webhook-address';

// The only reader of process.env. Parsed once, on first use; instrumentation.ts calls it at boot so
// a bad setting stops start-up with a message naming it instead of failing on the first request.

/** `environment=seconds` pairs, comma-separated. */
const rolloutTimeouts = z.string().transform((value, ctx) => {
  const timeouts: Record<string, number> = {};
  for (const pair of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=(\d{1,4})$/.exec(pair);
    const seconds = Number(match?.[3]);
    if (!match || seconds < 5 || seconds > 3600) {
      ctx.addIssue({ code: 'custom', message: `expected environment=seconds pairs (5 to 3600 seconds), got "${pair}"` });
      return z.NEVER;
    }
    timeouts[match[1]!] = seconds;
  }
  return timeouts;
});

const roleMapping = z
  .string()
  .transform((value, ctx) => {
    const pairs = value.split(',').map((pair) => pair.trim()).filter(Boolean);
    const mapping: Record<string, 'viewer' | 'operator' | 'approver' | 'admin'> = {};
    for (const pair of pairs) {
      const [group, role] = pair.split('=').map((part) => part?.trim());
      if (!group || !role || !['viewer', 'operator', 'approver', 'admin'].includes(role)) {
        ctx.addIssue({ code: 'custom', message: `expected group=role pairs, got "${pair}"` });
        return z.NEVER;
      }
      mapping[group] = role as 'viewer' | 'operator' | 'approver' | 'admin';
    }
    return mapping;
  });

const credentialKeys = z.string().transform((value, ctx) => {
  // No prototype: a key id such as "__proto__" or "toString" is just a name, never Object's member.
  const keys: Record<string, Buffer> = Object.create(null);
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const separator = entry.indexOf(':');
    const keyId = entry.slice(0, separator);
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (separator < 1 || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'expected keyId:base64 pairs of 32-byte keys' });
      return z.NEVER;
    }
    keys[keyId] = key;
  }
  if (Object.keys(keys).length === 0) {
    ctx.addIssue({ code: 'custom', message: 'at least one key is required' });
    return z.NEVER;
  }
  return keys;
});

// Loopback hosts may be served over plain http in production: the local demo runs that way, and
// traffic that never leaves the machine has nothing to protect with TLS.
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const httpsInProduction = ['NEXTAUTH_URL', 'OIDC_ISSUER'] as const;

/** Comma-separated origins (scheme://host[:port], nothing else), each https unless loopback. */
const frameOrigins = z.string().transform((value, ctx) => {
  const origins: string[] = [];
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
      ctx.addIssue({ code: 'custom', message: `expected origins such as https://grafana.example.com (scheme, host and port only), got ${entry}` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({ code: 'custom', message: `${entry}: a framed Grafana must be served over https (plain http only on loopback hosts)` });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    NEXTAUTH_URL: z.url(),
    NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
    OIDC_ISSUER: z.url(),
    OIDC_CLIENT_ID: z.string().min(1),
    OIDC_CLIENT_SECRET: z.string().min(1),
    OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
    // offline_access asks for a refresh token, so roles can be re-read between sign-ins.
    OIDC_SCOPES: z
      .string()
      .regex(/^[\w:./-]+( [\w:./-]+)*$/, 'must be scopes separated by single spaces')
      .refine((value) => value.split(' ').includes('openid'), 'must include openid')
      .default('openid email profile groups offline_access'),
    // Some providers issue a refresh token only when consent is asked for (prompt=consent).
    OIDC_PROMPT: z.enum(['consent', 'login', 'select_account', 'none']).optional(),
    OIDC_ROLE_GROUPS: roleMapping.prefault(
      'personapass-viewers=viewer,personapass-operators=operator,personapass-approvers=approver,personapass-admins=admin',
    ),
    CREDENTIAL_KEYS: credentialKeys,
    CREDENTIAL_ACTIVE_KEY_ID: z.string().min(1),
    /**
     * Keys the console's database backups are encrypted with (keyId:base64 of 32 bytes, as
     * CREDENTIAL_KEYS), kept apart from those: a backup's reader need not open cluster credentials.
     * Old keys stay listed while backups made with them are kept. Unset: no backups.
     */
    BACKUP_KEYS: credentialKeys.optional(),
    BACKUP_ACTIVE_KEY_ID: z.string().min(1).optional(),
    /**
     * Who dumps the database: a role that may read every table, the migration ledger included (the
     * owner, or a role granted pg_read_all_data). Only the worker needs it. Unset: DATABASE_URL,
     * which works only where the console's role owns the schema.
     */
    BACKUP_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    /** The folder backups are written to (the filesystem BackupStore). */
    BACKUP_DIR: z.string().startsWith('/', 'must be an absolute path').optional(),
    /** When scheduled backups run (cron, UTC, as pg-boss schedules), or "off". Default: every 15 minutes (the RPO). */
    BACKUP_SCHEDULE: z
      .string()
      .regex(/^(off|\S+( \S+){4})$/, 'must be a five-field cron expression such as "*/15 * * * *", or off')
      .default('*/15 * * * *'),
    /** Retention: the newest N verified backups, and the newest of each of the last D days. */
    BACKUP_KEEP_RECENT: z.coerce.number().int().min(1).max(10_000).default(96),
    BACKUP_KEEP_DAILY: z.coerce.number().int().min(0).max(3650).default(30),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** A browser session's absolute lifetime in hours from sign-in; renewing it never extends it. */
    SESSION_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
    /** API tokens stop working when their owner's role was last confirmed by the IdP (sign-in or re-check) longer ago. */
    API_TOKEN_CONFIRMATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Deploy runs: how many one worker process executes at once. */
    DEPLOY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
    /** How often every deployed environment is compared with its last deploy (drift), in minutes; 0 turns the schedule off (on demand only). */
    DRIFT_CHECK_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    /** A run whose worker has not renewed its lease for this long is taken over (its worker died). */
    DEPLOY_RUN_LEASE_SECONDS: z.coerce.number().int().min(3).max(600).default(60),
    /** How often a run is taken over before it ends as interrupted. */
    DEPLOY_RUN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    /** Objects applied in parallel within a wave. */
    DEPLOY_APPLY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
    /** How long a deploy waits for its rollouts to become healthy. */
    DEPLOY_ROLLOUT_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3600).default(600),
    /** Run progress streams (server-sent events) one person may hold open at once in one console process; more answer 429. */
    RUN_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    /** Run progress streams one console process serves at once, from everyone; more answer 429. */
    RUN_STREAMS_PER_PROCESS: z.coerce.number().int().min(1).max(100_000).default(200),
    /** Grafana origins the console's pages may frame (CSP frame-src): `https://grafana.dev.example.com,https://grafana.prod.example.com`. Unset: none; dashboards open in Grafana instead. */
    GRAFANA_FRAME_ORIGINS: frameOrigins.prefault(''),
    /**
     * Which non-public addresses webhooks may be posted to: none (default), loopback (127.0.0.0/8,
     * ::1: a receiver on the same host, as in tests) or private (loopback and RFC 1918, CGNAT, fc00::/7:
     * a receiver on the company network). Link-local and the cloud metadata services never.
     */
    WEBHOOK_ALLOW_PRIVATE: z.enum(webhookPrivateAccessLevels).default('none'),
    /** Tries per webhook delivery (first and retries, with exponential backoff) before it is marked failed. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
    /** Per environment, overriding DEPLOY_ROLLOUT_TIMEOUT_SECONDS: `prod=1200,staging=900`. */
    DEPLOY_ROLLOUT_TIMEOUTS: rolloutTimeouts.prefault(''),
    /**
     * The console's Prometheus metrics (/metrics) are served on their own listener, bound to a
     * loopback address only: never on the public port, so no route, token or role guards them and
     * nothing outside the machine (or pod, scraped through its sidecar/port-forward) reads them.
     * Unset: no listener. The worker process uses WORKER_METRICS_PORT the same way.
     */
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    METRICS_HOST: z
      .string()
      .refine((host) => isLoopbackHost(host) || host === '::1', 'must be a loopback address (127.0.0.1, ::1, localhost): metrics are never public')
      .default('127.0.0.1'),
    /** OTLP/HTTP endpoint (base URL; /v1/traces is appended) that traces of plan and deploy runs go to. Unset: no traces. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_SERVICE_NAME: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores').default('personapass-console'),
    // No peer address reaches a Next.js route handler, so there is no list of proxy addresses to
    // check: either every request comes through a proxy that sets X-Forwarded-* (true) or none does.
    TRUSTED_PROXIES: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
  })
  .refine((env) => Object.hasOwn(env.CREDENTIAL_KEYS, env.CREDENTIAL_ACTIVE_KEY_ID), {
    path: ['CREDENTIAL_ACTIVE_KEY_ID'],
    message: 'must name one of the keys in CREDENTIAL_KEYS',
  })
  .superRefine((env, ctx) => {
    const backupSettings = [env.BACKUP_KEYS, env.BACKUP_ACTIVE_KEY_ID, env.BACKUP_DIR].filter((value) => value !== undefined).length;
    if (backupSettings > 0 && backupSettings < 3) {
      for (const name of ['BACKUP_KEYS', 'BACKUP_ACTIVE_KEY_ID', 'BACKUP_DIR'] as const) {
        if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with the other BACKUP_* settings (BACKUP_KEYS, BACKUP_ACTIVE_KEY_ID, BACKUP_DIR)' });
      }
    } else if (env.BACKUP_KEYS && env.BACKUP_ACTIVE_KEY_ID && !Object.hasOwn(env.BACKUP_KEYS, env.BACKUP_ACTIVE_KEY_ID)) {
      ctx.addIssue({ code: 'custom', path: ['BACKUP_ACTIVE_KEY_ID'], message: 'must name one of the keys in BACKUP_KEYS' });
    }
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const name of httpsInProduction) {
      const url = new URL(env[name]);
      if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `must be an https:// URL in production (plain http is accepted only for loopback hosts: localhost, 127.0.0.0/8, ::1), got ${url.protocol}//${url.host}`,
        });
      }
    }
  });

export type AppEnv = z.infer<typeof envSchema>;

/** Every setting the schema reads (manifests/console maps each one into the console's pods). */
export const envSettingNames: readonly string[] = Object.keys(envSchema.shape);

export class ConfigurationError extends Error {}

let cached: AppEnv | undefined;

/** Validates a set of settings, naming every missing or malformed one. */
export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const missing = source[name] === undefined || source[name] === '';
      return `  ${name}: ${missing ? 'is required but not set' : issue.message}`;
    });
    throw new ConfigurationError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

export function getEnv(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The database URL alone, for scripts (migrate, seed) that need nothing else. */
export function getDatabaseUrl(): string {
  return databaseUrlFrom('DATABASE_URL');
}

/** Where the stack's caches and built binaries live (scripts/stack/config.sh's PP_CACHE), alone:
 *  the plan's amtool is found there without the console's other settings. */
export function getPersonapassCacheDir(): string | undefined {
  return process.env.PERSONAPASS_CACHE || undefined;
}

/**
 * For `npm run db:migrate` only: MIGRATION_DATABASE_URL is the schema owner, who migrates; the
 * role to grant is APPLICATION_DATABASE_ROLE, or the user of the console's DATABASE_URL. Without
 * MIGRATION_DATABASE_URL, DATABASE_URL migrates (one role for both). An owner with no role to
 * grant is an error: migrating silently without grants leaves the console "permission denied".
 */
export function getMigrationDatabaseUrls(): { migration: string; application?: string; applicationRole?: string } {
  if (!process.env.MIGRATION_DATABASE_URL) return { migration: getDatabaseUrl() };
  const migration = databaseUrlFrom('MIGRATION_DATABASE_URL');
  const role = process.env.APPLICATION_DATABASE_ROLE;
  if (role !== undefined && role !== '') {
    if (!/^[a-z_][a-z0-9_$-]{0,62}$/i.test(role)) throw new ConfigurationError('Invalid configuration:\n  APPLICATION_DATABASE_ROLE: must be a Postgres role name');
    return { migration, applicationRole: role };
  }
  if (!process.env.DATABASE_URL) {
    throw new ConfigurationError(
      'Invalid configuration:\n  APPLICATION_DATABASE_ROLE: is required with MIGRATION_DATABASE_URL (or set DATABASE_URL): the migration grants the console\'s role its privileges',
    );
  }
  return { migration, application: getDatabaseUrl() };
}

function databaseUrlFrom(name: 'DATABASE_URL' | 'MIGRATION_DATABASE_URL'): string {
  const parsed = envSchema.shape.DATABASE_URL.safeParse(process.env[name]);
  if (!parsed.success) throw new ConfigurationError(`Invalid configuration:\n  ${name}: must be a postgres:// URL`);
  return parsed.data;
}

/**
 * The environment of a child tool (pg_dump, psql): PATH and the locale only, plus what the caller
 * adds. The console's secrets (CREDENTIAL_KEYS, BACKUP_KEYS, NEXTAUTH_SECRET) never reach it.
 */
export function childToolEnv(extra: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(['PATH', 'LANG', 'LC_ALL', 'TZ'].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
  return { ...inherited, ...extra };
}

/**
 * For `personapass restore` only: the backup keys alone (BACKUP_KEYS), without the console's other
 * settings, on the host that runs the console (its keys are there).
 */
export function getBackupKeys(): Record<string, Buffer> {
  const parsed = envSchema.shape.BACKUP_KEYS.safeParse(process.env.BACKUP_KEYS);
  if (!parsed.success || !parsed.data) throw new ConfigurationError('Invalid configuration:\n  BACKUP_KEYS: set it to the console\'s backup keys (keyId:base64 pairs), as the console has them');
  return parsed.data;
}
