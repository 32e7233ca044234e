import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';

// The troubleshoot page: an operator reads the diagnosis by area and downloads a support bundle
// (a real tar.gz the system tar extracts); a viewer is told why the download is not theirs. The
// e2e environments name the fixture cluster "local", which nothing can reach: the cluster's areas
// say so (unavailable, with the reason), which is itself what the page must show.

test.describe('troubleshoot', () => {
  test('an operator reads the diagnosis and downloads a support bundle; a viewer may not download it', async ({ pageAs }) => {
    test.setTimeout(120_000);
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('trbl');
    await createEnvironment(page.request, developmentSpec(name));

    await page.goto(`/environments/${name}`);
    await page.getByRole('link', { name: 'Troubleshoot', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Troubleshoot ${name}` })).toBeVisible();
    for (const area of ['Pod start-up', 'Network connectivity', 'Scaling', 'Performance']) {
      await expect(page.getByRole('heading', { level: 2, name: area })).toBeVisible();
    }
    // The fixture cluster cannot be read: its areas say so rather than showing nothing.
    await expect(page.locator('[data-unavailable]').first()).toContainText(/unavailable:/);
    await expect(page.getByTestId('diagnosis-summary')).toContainText('diagnosed');

    // Narrowed to one component by the URL, by keyboard.
    const walletLink = page.getByRole('navigation', { name: 'Component' }).getByRole('link', { name: 'wallet-api' });
    await walletLink.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/troubleshoot\\?component=wallet-api$`));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download support bundle' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${name}-support-\\d{8}T\\d{6}Z\\.tar\\.gz$`));
    const dir = mkdtempSync(path.join(tmpdir(), 'e2e-bundle-'));
    try {
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      execFileSync('tar', ['-xzf', file, '-C', dir]);
      const root = readdirSync(dir).find((entry) => !entry.endsWith('.tar.gz'))!;
      const diagnosis = JSON.parse(readFileSync(path.join(dir, root, 'diagnosis.json'), 'utf8'));
      expect(diagnosis).toMatchObject({ environment: name, component: 'wallet-api' });
      expect(readFileSync(path.join(dir, root, 'README.txt'), 'utf8')).toContain(`PersonaPass support bundle of ${name}, component wallet-api`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const viewer = await pageAs('viewer');
    await viewer.goto(`/environments/${name}/troubleshoot`);
    await expect(viewer.getByRole('button', { name: 'Download support bundle' })).toBeDisabled();
    await expect(viewer.getByText('a support bundle holds container logs: it needs the operator role or above (you are viewer)')).toBeVisible();
    expect((await viewer.request.get(`/api/v1/environments/${name}/support-bundle`)).status()).toBe(403);
  });
});
