import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { e2eBaseUrl, repoDir } from './support/run-settings';

const run = promisify(execFile);

// The command line is a client of the same REST API: a token made in the browser drives it, and
// what it changes shows up in the browser's history.
async function cli(token: string, ...args: string[]) {
  return run(path.join(repoDir, 'node_modules/.bin/tsx'), ['scripts/cli/personapass.ts', ...args], {
    cwd: repoDir,
    env: { ...process.env, PERSONAPASS_URL: e2eBaseUrl, PERSONAPASS_TOKEN: token },
  });
}

test.describe('API tokens and the CLI', () => {
  test('an operator creates a token once, drives the CLI with it, then revokes it', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('cli');
    await createEnvironment(page.request, developmentSpec(name));

    await page.goto('/settings/tokens');
    await page.getByLabel('Name', { exact: true }).fill(`laptop ${name}`);
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretField = page.getByLabel('New token secret');
    await expect(secretField).toHaveValue(/^ppc_/);
    const token = await secretField.inputValue();

    const whoami = await cli(token, 'whoami');
    expect(JSON.parse(whoami.stdout)).toMatchObject({ email: 'operator@personapass.test', role: 'operator', via: 'token' });

    const listed = await cli(token, 'env', 'list');
    expect(listed.stdout).toContain(name);

    const dir = await mkdtemp(path.join(tmpdir(), 'personapass-cli-'));
    const file = path.join(dir, `${name}.json`);
    await writeFile(file, (await cli(token, 'env', 'get', name)).stdout);
    const document = JSON.parse(await readFile(file, 'utf8'));
    expect(document.revision).toBe(1);
    document.spec.components['credential-worker'].replicas = 2;
    await writeFile(file, JSON.stringify(document));
    const applied = await cli(token, 'env', 'apply', '-f', file, '--note', 'two workers from the CLI');
    expect(applied.stdout).toContain(`saved ${name} revision 2`);

    // Applying the same file again is based on revision 1: refused as stale, nothing written.
    const stale = await cli(token, 'env', 'apply', '-f', file).catch((error: { stderr: string; code: number }) => error);
    expect(stale).toMatchObject({ code: 1 });
    expect((stale as { stderr: string }).stderr).toContain('409 conflict');
    expect((stale as { stderr: string }).stderr).toContain('components.credential-worker.replicas');

    const diff = await cli(token, 'env', 'diff', name, '1', '2');
    expect(diff.stdout).toContain('components.credential-worker.replicas: 1 → 2');

    await page.goto(`/environments/${name}/history`);
    await expect(page.getByText('two workers from the CLI')).toBeVisible();

    await page.goto('/settings/tokens');
    await page.getByRole('button', { name: `Revoke laptop ${name}` }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    // Once the page shows it revoked (its Revoke button gone), the server has revoked it.
    await expect(page.getByRole('button', { name: `Revoke laptop ${name}` })).toHaveCount(0);
    const refused = await cli(token, 'env', 'list').catch((error: { stderr: string }) => error);
    expect((refused as { stderr: string }).stderr).toContain('401 unauthenticated');
  });

  test('an admin browses the audit log and finds each change with its actor', async ({ pageAs }) => {
    const operator = await pageAs('operator');
    const name = uniqueEnvironmentName('aud');
    await createEnvironment(operator.request, developmentSpec(name), 'audited creation');

    const admin = await pageAs('admin');
    await admin.goto('/admin/audit');
    const row = admin.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('environment.created');
    await expect(row).toContainText('operator@personapass.test');

    const viewer = await pageAs('viewer');
    await viewer.goto('/admin/audit');
    await expect(viewer.getByText(/needs? the admin role/i).first()).toBeVisible();
    const api = await viewer.request.get('/api/v1/audit-events');
    expect(api.status()).toBe(403);
  });

  test('a malformed URL gets the JSON error shape, not an HTML page', async ({ request }) => {
    const response = await request.get('/api/v1/environments/%ZZ');
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  test('a cookie-authenticated write from another site is refused', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const response = await page.request.post('/api/v1/environments', {
      data: { spec: developmentSpec(uniqueEnvironmentName('csrf')) },
      headers: { Origin: 'https://attacker.example' },
    });
    expect(response.status()).toBe(403);
    expect((await response.json()).error.message).toContain('cross-site');
  });
});
