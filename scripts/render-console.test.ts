import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// npm run render:console as an administrator runs it: the three waves and an executable apply.sh,
// or, for a bad command line, the flags to fix and nothing written.

const render = (args: string[]) => spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/render-console.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('npm run render:console', () => {
  it('writes the waves and an executable apply.sh that waits for the migration Job', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'console-render-')), 'out');
    const result = render([
      '--image', 'registry.personapass.io/personapass/console:1.4.0', '--public-url', 'https://console.example.com', '--oidc-issuer', 'https://id.example.com',
      '--postgres-cidr', '10.0.4.0/24', '--oidc-cidr', '203.0.113.0/24', '--kube-api-cidr', '10.0.0.2/32', '--kube-api-port', '6443',
      '--replicas', '3', '--set', 'LOG_LEVEL=debug', '--out', out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(out, '3-console/deployment/personapass-console.yaml'), 'utf8')).toContain('replicas: 3');
    expect(readFileSync(path.join(out, '1-access/configmap/personapass-console-config.yaml'), 'utf8')).toContain('LOG_LEVEL: debug');
    expect(statSync(path.join(out, 'apply.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(path.join(out, 'apply.sh'), 'utf8')).toMatch(/wait --for=condition=complete job\/personapass-console-migrate-[0-9a-f]{10}/);
  }, 90_000);

  it('names the flags to fix and writes nothing', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'console-render-')), 'out');
    const result = render(['--image', 'console:latest', '--public-url', 'http://console.example.com', '--oidc-issuer', 'https://id.example.com', '--postgres-cidr', '0.0.0.0/0', '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--image');
    expect(result.stderr).toContain('--public-url');
    expect(result.stderr).toMatch(/--postgres-cidr: must not be the whole internet/);
    expect(result.stderr).toContain('--oidc-cidr: give at least one CIDR');
    expect(() => statSync(out)).toThrow();
  }, 90_000);
});
