import { SignInPage } from './pages/sign-in-page';
import { expect, test } from './fixtures/test';
import { credentialsFor } from './support/users';

// An admin takes someone's access away now, not at their next sign-in, and gives it back.
test.describe('users', () => {
  test('an admin disables a signed-in person: their open console stops working at once, and sign-in is refused until enabled', async ({ pageAs, browser, baseURL }) => {
    const leaver = await pageAs('leaver');
    await leaver.goto('/environments');
    expect((await leaver.request.get('/api/v1/me')).status()).toBe(200);
    const { email } = credentialsFor('leaver');

    const admin = await pageAs('admin');
    await admin.goto('/admin/users');
    await expect(admin.getByRole('heading', { name: 'Users' })).toBeVisible();
    const row = admin.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('email not verified');
    await expect(row).toContainText('re-checked every 15 min');
    await row.getByRole('button', { name: `Disable ${email}` }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await expect(dialog.getByText('say why')).toBeVisible();
    await dialog.getByLabel('Reason').fill('left the team');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await expect(admin.getByRole('status')).toContainText(`Disabled ${email}`);
    await expect(row).toContainText('disabled by an admin');
    await expect(row).toContainText('left the team');

    // The leaver's open console: the next request is refused, the next page goes to sign-in.
    expect((await leaver.request.get('/api/v1/me')).status()).toBe(401);
    await leaver.reload();
    await expect(leaver).toHaveURL(/\/sign-in/);

    // Their identity-provider groups still grant a role, but the admin's decision holds at sign-in.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await (await signIn.continueWithSso()).signIn(credentialsFor('leaver'));
    await expect(page).toHaveURL(/error=AccountDisabled/);
    await expect(signIn.failure()).toContainText('An admin has disabled your access');

    await row.getByRole('button', { name: `Enable ${email}` }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Enable' }).click();
    await expect(row).toContainText('active');
    // Still signed in at the issuer from the refused attempt: single sign-on goes straight through.
    await signIn.goto();
    await signIn.ssoButton().click();
    await expect(page).toHaveURL(/\/environments/);
    await context.close();
  });

  test('people without the admin role see why they cannot manage users', async ({ pageAs }) => {
    const operator = await pageAs('operator');
    await operator.goto('/admin/users');
    await expect(operator.getByText('managing users needs the admin role (you are operator)')).toBeVisible();
    await expect(operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  });
});
