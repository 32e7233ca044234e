import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The boot path itself: instrumentation.ts's register(), as Next calls it when the server starts,
// in a process of its own so that its exit is observed, not faked.

const repoDir = path.resolve(import.meta.dirname, '../..');
const settings = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  NEXTAUTH_SECRET: 'x'.repeat(32),
  OIDC_CLIENT_ID: 'personapass-console',
  OIDC_CLIENT_SECRET: 'secret',
  CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CREDENTIAL_ACTIVE_KEY_ID: 'k1',
};

function boot(env: Record<string, string> & { NODE_ENV: 'production' }) {
  const script = "import('./instrumentation.ts').then((m) => m.register()).then(() => console.log('booted'))";
  return spawnSync(path.join(repoDir, 'node_modules/.bin/tsx'), ['-e', script], {
    cwd: repoDir,
    env: { PATH: process.env.PATH, NEXT_RUNTIME: 'nodejs', ...settings, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

// Each boot compiles instrumentation.ts with tsx in a new process: seconds on a loaded machine, so
// the tests wait as long as spawnSync does.
describe('boot', { timeout: 35_000 }, () => {
  it('stops a production server whose public URLs are plain http on a real host, saying why', () => {
    const result = boot({ NODE_ENV: 'production', NEXTAUTH_URL: 'http://console.example.com', OIDC_ISSUER: 'https://sso.example.com' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PersonaPass Console cannot start. Invalid configuration:');
    expect(result.stderr).toMatch(/NEXTAUTH_URL: must be an https:\/\/ URL in production \(plain http is accepted only for loopback hosts/);
    expect(result.stdout).not.toContain('booted');
  });

  it('starts the local demo: production on loopback over http', () => {
    const result = boot({ NODE_ENV: 'production', NEXTAUTH_URL: 'http://127.0.0.1:3000', OIDC_ISSUER: 'http://127.0.0.1:55480' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('booted');
  });
});
