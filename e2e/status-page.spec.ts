import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';

// A stakeholder without an account opens an environment's status page through a link an admin
// shared, with and without JavaScript, sees no internals, and loses access when the admin revokes it.

const internals = (name: string) => [`personapass-${name}`, 'kube-system', 'kwok', 'namespace', /\b\d{1,3}(\.\d{1,3}){3}\b/, /-[a-z0-9]{8,10}-[a-z0-9]{5}\b/];

test.describe('status page', () => {
  test('an admin shares it, a visitor without a session reads it (also without JavaScript), revoking ends it', async ({ pageAs, browser, baseURL }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('status');
    await createEnvironment(admin.request, developmentSpec(name));

    await admin.goto(`/environments/${name}`);
    const sharing = admin.getByRole('heading', { name: 'Status page sharing' });
    await expect(sharing).toBeVisible();
    await admin.getByLabel('For', { exact: true }).fill('Partner desk');
    await admin.getByLabel('Expires in (days, optional)').fill('7');
    await admin.getByRole('button', { name: 'Create link' }).click();
    const linkField = admin.getByLabel('New status page link');
    await expect(linkField).toHaveValue(new RegExp(`/status/${name}\\?token=pps_`));
    const link = await linkField.inputValue();
    const row = admin.getByRole('row', { name: /Partner desk/ });
    await expect(row).toContainText('active');

    const visitor = await browser.newContext({ baseURL });
    const page = await visitor.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    expect(response?.headers()['cache-control']).toMatch(/^private/);
    await expect(page.getByRole('heading', { name: `${name} status` })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText(/All systems operational|Some systems are degraded|Service outage|Status unknown/);
    await expect(page.getByRole('heading', { name: 'Components' })).toBeVisible();
    expect(await page.locator('script').count()).toBe(0);
    const html = await response!.text();
    for (const internal of internals(name)) expect(html).not.toMatch(internal);
    const json = await visitor.request.get(link.replace(`/status/${name}?`, `/status/${name}.json?`));
    expect(json.status()).toBe(200);
    expect(await json.json()).toMatchObject({ environment: name, status: expect.stringMatching(/^(operational|degraded|outage|unknown)$/) });

    const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(link);
    await expect(plain.getByRole('status')).toBeVisible();
    await expect(plain.getByText('Last 24 hours')).toBeVisible();

    // Without the token the visitor learns nothing, not even that the environment exists.
    const bare = await page.goto(`/status/${name}`);
    expect(bare?.status()).toBe(404);

    await row.getByRole('button', { name: 'Revoke Partner desk' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Revoke link' }).click();
    await expect(admin.getByText('Revoked the link for Partner desk')).toBeVisible();
    await expect(admin.getByRole('row', { name: /Partner desk/ })).toContainText('revoked');

    const after = await page.goto(link);
    expect(after?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
    await visitor.close();
    await noScript.close();
  });
});
