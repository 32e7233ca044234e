import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';

// The shell is usable by keyboard alone, and the theme choice sticks.
test.describe('console shell', () => {
  test('the keyboard reaches content through the skip link and navigates by links', async ({ pageAs }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('kbd');
    await createEnvironment(page.request, developmentSpec(name));
    await page.goto('/environments');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();

    // Tabbing on from the content reaches the environment's link; Enter follows it.
    const link = page.getByRole('link', { name, exact: true });
    for (let presses = 0; presses < 20 && !(await link.evaluate((element) => element === document.activeElement)); presses += 1) {
      await page.keyboard.press('Tab');
    }
    await expect(link).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' })).toBeVisible();
  });

  test('dark theme toggles by keyboard and survives a reload', async ({ pageAs }) => {
    const page = await pageAs('viewer');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/environments');
    const html = page.locator('html');
    await expect(html).not.toHaveClass(/\bdark\b/);
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(html).toHaveClass(/\bdark\b/);
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await page.reload();
    await expect(html).toHaveClass(/\bdark\b/);
  });
});
