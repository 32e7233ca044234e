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

  it('refuses an active key id that is not among the keys, and bad role mappings', () => {
    expect(() => parseEnv({ ...valid, CREDENTIAL_ACTIVE_KEY_ID: 'k9' })).toThrow(/CREDENTIAL_ACTIVE_KEY_ID/);
    expect(() => parseEnv({ ...valid, OIDC_ROLE_GROUPS: 'ops=superuser' })).toThrow(/OIDC_ROLE_GROUPS/);
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
});

