import { ConsoleShell } from './pages/console-shell';
import { SignInPage } from './pages/sign-in-page';
import { expect, test } from './fixtures/test';
import { signInThroughSso } from './fixtures/sign-in';
import { credentialsFor, roles } from './support/users';

test.describe('sign-in through the OIDC issuer', () => {
  for (const role of roles) {
    test(`${role} signs in and sees the ${role} badge`, async ({ page }) => {
      await signInThroughSso(page, role);
      const shell = new ConsoleShell(page);
      await expect(shell.roleBadge(role)).toBeVisible();
      await expect(shell.header()).toContainText(credentialsFor(role).name);
    });
  }

  test('a user whose groups map to no role is refused with a readable message', async ({ page }) => {
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    const login = await signInPage.continueWithSso();
    await login.signIn(credentialsFor('nobody'));
    await expect(page).toHaveURL(/\/sign-in\?.*error=AccessDenied/);
    await expect(signInPage.failure()).toContainText('Your account has no PersonaPass role');
    await page.goto('/environments');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('a wrong password is answered at the issuer, not by the console', async ({ page }) => {
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    const login = await signInPage.continueWithSso();
    await login.signIn({ ...credentialsFor('operator'), password: 'not-the-password' });
    await expect(page.getByRole('alert')).toHaveText('Unknown email or wrong password.');
    await expect(login.email()).toHaveValue(credentialsFor('operator').email);
  });

  test('signing out ends the session on the server: a replayed cookie is refused', async ({ pageAs, browser, baseURL }) => {
    // A spare person: sign-out ends every session of that person, everywhere.
    const page = await pageAs('visitor');
    await page.goto('/environments');
    const copied = await page.context().storageState();
    await new ConsoleShell(page).signOutButton().click();
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    // Someone who copied the cookie before the sign-out gets nothing with it.
    const replay = await browser.newContext({ baseURL, storageState: copied });
    expect((await replay.request.get('/api/v1/me')).status()).toBe(401);
    const replayPage = await replay.newPage();
    await replayPage.goto('/environments');
    await expect(replayPage).toHaveURL(/\/sign-in/);
    await replay.close();
  });
});
