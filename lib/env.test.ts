import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, getMigrationDatabaseUrls, parseEnv } from './env';

const valid = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  NEXTAUTH_URL: 'http://127.0.0.1:3000',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  OIDC_ISSUER: 'http://127.0.0.1:55480',
  OIDC_CLIENT_ID: 'personapass-console',
  OIDC_CLIENT_SECRET: 'secret',
  CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CREDENTIAL_ACTIVE_KEY_ID: 'k1',
};

describe('configuration', () => {
  it('parses a complete configuration with defaults', () => {
    const env = parseEnv(valid);
    expect(env.OIDC_ROLE_GROUPS['personapass-admins']).toBe('admin');
    expect(env.CREDENTIAL_KEYS.k1).toHaveLength(32);
  });

  it('names every missing or malformed setting', () => {
    const { DATABASE_URL: _missing, ...rest } = valid;
    const attempt = () => parseEnv({ ...rest, NEXTAUTH_SECRET: 'short', CREDENTIAL_KEYS: 'k1:c2hvcnQ=' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/DATABASE_URL: is required but not set[\s\S]*NEXTAUTH_SECRET[\s\S]*CREDENTIAL_KEYS/);
  });

  it('configures backups with all three of keys, active key and folder, or none; the schedule is cron or off', () => {
    const backups = { BACKUP_KEYS: `b1:${Buffer.alloc(32, 2).toString('base64')}`, BACKUP_ACTIVE_KEY_ID: 'b1', BACKUP_DIR: '/var/backups/personapass' };
    expect(parseEnv(valid)).toMatchObject({ BACKUP_SCHEDULE: '*/15 * * * *', BACKUP_KEEP_RECENT: 96, BACKUP_KEEP_DAILY: 30 });
    expect(parseEnv(valid).BACKUP_KEYS).toBeUndefined();
    expect(parseEnv({ ...valid, ...backups }).BACKUP_KEYS?.b1).toHaveLength(32);
    expect(() => parseEnv({ ...valid, BACKUP_KEYS: backups.BACKUP_KEYS })).toThrow(/BACKUP_ACTIVE_KEY_ID: is required[\s\S]*BACKUP_DIR: is required/);
    expect(() => parseEnv({ ...valid, ...backups, BACKUP_ACTIVE_KEY_ID: 'b2' })).toThrow(/BACKUP_ACTIVE_KEY_ID: must name one of the keys in BACKUP_KEYS/);
    expect(() => parseEnv({ ...valid, ...backups, BACKUP_DIR: 'relative/folder' })).toThrow(/BACKUP_DIR: must be an absolute path/);
    expect(parseEnv({ ...valid, BACKUP_SCHEDULE: 'off' }).BACKUP_SCHEDULE).toBe('off');
    expect(() => parseEnv({ ...valid, BACKUP_SCHEDULE: 'every 15 minutes' })).toThrow(/BACKUP_SCHEDULE: must be a five-field cron expression/);
  });

  it('reads the Grafana origins pages may frame: origins only, https unless loopback', () => {
    expect(parseEnv(valid).GRAFANA_FRAME_ORIGINS).toEqual([]);
    expect(parseEnv({ ...valid, GRAFANA_FRAME_ORIGINS: 'https://grafana.dev.example.com, http://127.0.0.1:53000/' }).GRAFANA_FRAME_ORIGINS).toEqual(['https://grafana.dev.example.com', 'http://127.0.0.1:53000']);
    for (const bad of ['https://grafana.example.com/d/x', 'grafana.example.com', 'http://grafana.example.com', "https://grafana.example.com 'unsafe-inline'", 'javascript:alert(1)', '*']) {
      expect(() => parseEnv({ ...valid, GRAFANA_FRAME_ORIGINS: bad }), bad).toThrow(/GRAFANA_FRAME_ORIGINS/);
    }
  });

  it('refuses an active key id that is not among the keys, and bad role mappings', () => {
    expect(() => parseEnv({ ...valid, CREDENTIAL_ACTIVE_KEY_ID: 'k9' })).toThrow(/CREDENTIAL_ACTIVE_KEY_ID/);
    expect(() => parseEnv({ ...valid, OIDC_ROLE_GROUPS: 'ops=superuser' })).toThrow(/OIDC_ROLE_GROUPS/);
  });

  it('reads per-environment rollout timeouts, and refuses malformed ones', () => {
    expect(parseEnv(valid).DEPLOY_ROLLOUT_TIMEOUTS).toEqual({});
    expect(parseEnv({ ...valid, DEPLOY_ROLLOUT_TIMEOUTS: 'prod=1200, staging-eu=900' }).DEPLOY_ROLLOUT_TIMEOUTS).toEqual({ prod: 1200, 'staging-eu': 900 });
    for (const bad of ['prod', 'prod=0', 'prod=3601', 'Prod=60', 'prod=1e3', '__proto__=60']) {
      expect(() => parseEnv({ ...valid, DEPLOY_ROLLOUT_TIMEOUTS: bad }), bad).toThrow(/DEPLOY_ROLLOUT_TIMEOUTS/);
    }
  });

  it('serves metrics only on a loopback address, and traces only to an http(s) collector', () => {
    const defaults = parseEnv(valid);
    expect(defaults).toMatchObject({ METRICS_HOST: '127.0.0.1', OTEL_SERVICE_NAME: 'personapass-console' });
    expect([defaults.METRICS_PORT, defaults.OTEL_EXPORTER_OTLP_ENDPOINT]).toEqual([undefined, undefined]);
    expect(parseEnv({ ...valid, METRICS_PORT: '9464', METRICS_HOST: '::1' })).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '::1' });
    for (const host of ['0.0.0.0', '10.0.0.5', 'console.example.com', '::']) expect(() => parseEnv({ ...valid, METRICS_HOST: host })).toThrow(/METRICS_HOST: must be a loopback address/);
    expect(() => parseEnv({ ...valid, METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(parseEnv({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:54318' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://127.0.0.1:54318');
    expect(() => parseEnv({ ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'file:///tmp/x' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('accepts as active only a key of the set, never a member every object inherits', () => {
    for (const inherited of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => parseEnv({ ...valid, CREDENTIAL_ACTIVE_KEY_ID: inherited })).toThrow(/CREDENTIAL_ACTIVE_KEY_ID: must name one of the keys/);
    }
  });

  it('keeps a key named like an inherited member as an ordinary key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const env = parseEnv({ ...valid, CREDENTIAL_KEYS: `__proto__:${key},toString:${key}`, CREDENTIAL_ACTIVE_KEY_ID: '__proto__' });
    expect(Object.keys(env.CREDENTIAL_KEYS).sort()).toEqual(['__proto__', 'toString']);
    expect(Object.hasOwn(env.CREDENTIAL_KEYS, '__proto__')).toBe(true);
  });
});

describe('migration settings', () => {
  afterEach(() => vi.unstubAllEnvs());
  const owner = 'postgresql://personapass:a@127.0.0.1:5432/db';
  const app = 'postgresql://personapass_app:b@127.0.0.1:5432/db';

  it('migrates as MIGRATION_DATABASE_URL and names DATABASE_URL as the application', () => {
    vi.stubEnv('MIGRATION_DATABASE_URL', owner);
    vi.stubEnv('DATABASE_URL', app);
    expect(getMigrationDatabaseUrls()).toEqual({ migration: owner, application: app });
  });

  it('migrates as DATABASE_URL when no owner is given, and refuses a malformed owner URL by name', () => {
    vi.stubEnv('MIGRATION_DATABASE_URL', '');
    vi.stubEnv('DATABASE_URL', app);
    expect(getMigrationDatabaseUrls()).toEqual({ migration: app });
    vi.stubEnv('MIGRATION_DATABASE_URL', 'mysql://root@127.0.0.1/db');
    expect(() => getMigrationDatabaseUrls()).toThrow(/MIGRATION_DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('refuses an owner without a role to grant, and takes the role from APPLICATION_DATABASE_ROLE', () => {
    vi.stubEnv('MIGRATION_DATABASE_URL', owner);
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('APPLICATION_DATABASE_ROLE', '');
    expect(() => getMigrationDatabaseUrls()).toThrow(/APPLICATION_DATABASE_ROLE: is required with MIGRATION_DATABASE_URL/);
    vi.stubEnv('APPLICATION_DATABASE_ROLE', 'personapass_app');
    expect(getMigrationDatabaseUrls()).toEqual({ migration: owner, applicationRole: 'personapass_app' });
    vi.stubEnv('APPLICATION_DATABASE_ROLE', 'x"; DROP ROLE y; --');
    expect(() => getMigrationDatabaseUrls()).toThrow(/APPLICATION_DATABASE_ROLE: must be a Postgres role name/);
  });
});

describe('public URLs in production', () => {
  const production = { ...valid, NODE_ENV: 'production' };

  it('refuses plain http for NEXTAUTH_URL and OIDC_ISSUER on a non-loopback host, saying why', () => {
    const attempt = () => parseEnv({ ...production, NEXTAUTH_URL: 'http://console.example.com', OIDC_ISSUER: 'http://sso.example.com/realms/pp' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/NEXTAUTH_URL: must be an https:\/\/ URL in production \(plain http is accepted only for loopback hosts/);
    expect(attempt).toThrow(/OIDC_ISSUER: must be an https:\/\/ URL in production[^\n]*got http:\/\/sso\.example\.com/);
  });

  it('accepts https anywhere, and http only on loopback hosts (the local demo)', () => {
    expect(parseEnv({ ...production, NEXTAUTH_URL: 'https://console.example.com', OIDC_ISSUER: 'https://sso.example.com' }).NODE_ENV).toBe('production');
    for (const host of ['127.0.0.1:3000', '127.8.9.10', 'localhost:3000', '[::1]:3000']) {
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: `http://${host}`, OIDC_ISSUER: `http://${host}/issuer` })).not.toThrow();
    }
    // Look-alikes of loopback are not loopback.
    for (const host of ['127.0.0.1.example.com', 'localhost.example.com', '10.0.0.1']) {
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: `http://${host}` })).toThrow(/NEXTAUTH_URL: must be an https:\/\/ URL/);
    }
  });

  it('allows plain http outside production', () => {
    expect(() => parseEnv({ ...valid, NODE_ENV: 'development', NEXTAUTH_URL: 'http://console.internal:3000' })).not.toThrow();
    expect(() => parseEnv({ ...valid, NODE_ENV: 'test', OIDC_ISSUER: 'http://sso.internal' })).not.toThrow();
  });
});

describe('TRUSTED_PROXIES', () => {
  it('defaults to untrusted and accepts only true or false', () => {
    expect(parseEnv(valid).TRUSTED_PROXIES).toBe(false);
    expect(parseEnv({ ...valid, TRUSTED_PROXIES: 'true' }).TRUSTED_PROXIES).toBe(true);
    expect(parseEnv({ ...valid, TRUSTED_PROXIES: 'false' }).TRUSTED_PROXIES).toBe(false);
    expect(() => parseEnv({ ...valid, TRUSTED_PROXIES: '10.0.0.0/8' })).toThrow(/TRUSTED_PROXIES: must be true or false/);
  });
});
