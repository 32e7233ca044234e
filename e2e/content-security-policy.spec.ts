import type { Page } from '@playwright/test';
import { createEnvironment, developmentSpec, uniqueEnvironmentName, updateEnvironment } from './fixtures/environments';
import { signInThroughSso } from './fixtures/sign-in';
import { expect, test } from './fixtures/test';
import { e2eBaseUrl } from './support/run-settings';

// Every console page under the real Content-Security-Policy in Chromium: a script, style or
// connection the policy refuses shows up as a securitypolicyviolation event or a console error, and
// either fails the test. Pages are checked after hydration, so Next's own scripts have run.

type Violation = { page: string; directive: string; blocked: string; sample: string };

/**
 * Starts recording violations in `page` on every document it loads, from before its first script
 * runs. The returned function hands over what was recorded since it was last called.
 */
async function recordViolations(page: Page): Promise<() => Promise<Violation[]>> {
  let recorded: Violation[] = [];
  // Bindings and init scripts come through the browser's debugging protocol, which the page's CSP
  // does not govern; a report reaches the test even when the page navigates right after.
  await page.exposeFunction('__reportCspViolation', (violation: Violation) => recorded.push(violation));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (violation: object) => void }).__reportCspViolation;
      void report({ page: event.documentURI, directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) recorded.push({ page: page.url(), directive: 'console', blocked: '', sample: message.text() });
  });
  return async () => {
    const handed = recorded;
    recorded = [];
    // Only the console's own documents: the OIDC issuer's pages have their own policy.
    return handed.filter((violation) => violation.page.startsWith(e2eBaseUrl));
  };
}

/** Goes to `path`, waits until Next's scripts have run and the page is ready, and keeps its violations. */
async function visit(page: Page, path: string, ready: (page: Page) => Promise<void>, drain: () => Promise<Violation[]>, into: Violation[]) {
  const response = await page.goto(path);
  expect(response?.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'/);
  await ready(page);
  await expectHydrated(page, path);
  into.push(...(await drain()));
}

// Next's client sets window.next when its nonce'd bootstrap runs; the shell's theme toggle knows
// its state only once React has hydrated it (pages outside the shell have no toggle).
async function expectHydrated(page: Page, path: string) {
  await expect.poll(() => page.evaluate(() => typeof (window as unknown as { next?: { version?: string } }).next?.version), { message: `${path}: Next's scripts ran` }).toBe('string');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  if (await toggle.count()) await expect(toggle, `${path} hydrated`).toHaveAttribute('aria-pressed', /^(true|false)$/);
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
};

test.describe('content security policy', () => {
  test('no page of the console breaks the policy, signed in as admin or signed out', async ({ browser, pageAs }) => {
    const admin = await pageAs('admin');
    const name = uniqueEnvironmentName('csp');
    await createEnvironment(admin.request, developmentSpec(name));
    await updateEnvironment(admin.request, name, (spec) => {
      spec.components['wallet-api'].replicas += 1;
    });

    const drain = await recordViolations(admin);
    const violations: Violation[] = [];
    const pages: Array<[string, (page: Page) => Promise<void>]> = [
      ['/environments', heading('Environments')],
      [`/environments/${name}`, heading(name)],
      [`/environments/${name}/edit`, heading(`Edit ${name}`)],
      [`/environments/${name}/clone`, heading(`Clone ${name}`)],
      [`/environments/${name}/history`, heading(`History of ${name}`)],
      [`/environments/${name}/monitoring?component=wallet-api`, heading(`Monitoring ${name}`)],
      ['/environments/new', heading('New environment')],
      ['/settings/tokens', heading('API tokens')],
      ['/admin/clusters', heading('Clusters')],
      ['/admin/users', heading('Users')],
      ['/admin/audit', heading('Audit log')],
      ['/environments/no-such-environment', heading('Not found')],
      ['/no-such-page', heading('Page not found')],
      ['/sign-in', async (page) => expect(page.getByRole('button', { name: 'Sign in with PersonaPass SSO' })).toBeEnabled()],
    ];
    for (const [path, ready] of pages) await visit(admin, path, ready, drain, violations);

    // Client-side navigation and an interaction on top of the full loads.
    await admin.goto('/environments');
    await admin.getByRole('link', { name, exact: true }).click();
    await heading(name)(admin);
    await admin.getByRole('button', { name: 'Dark theme' }).click();
    violations.push(...(await drain()));

    // The whole sign-in flow, from a browser without a session.
    const context = await browser.newContext({ baseURL: e2eBaseUrl });
    try {
      const signedOut = await context.newPage();
      const drainSignedOut = await recordViolations(signedOut);
      await signInThroughSso(signedOut, 'admin');
      await expectHydrated(signedOut, 'after sign-in');
      violations.push(...(await drainSignedOut()));
    } finally {
      await context.close();
    }

    expect(violations).toEqual([]);
  });

  test('the recorder sees a violation when one happens, and every load gets a fresh nonce', async ({ pageAs }) => {
    const page = await pageAs('viewer');
    const drain = await recordViolations(page);
    const first = await page.goto('/environments');
    const second = await page.goto('/environments');
    const nonceOf = (header: string | undefined) => /'nonce-([^']+)'/.exec(header ?? '')?.[1];
    const [a, b] = [nonceOf(first?.headers()['content-security-policy']), nonceOf(second?.headers()['content-security-policy'])];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);

    // What an injected payload would try: an inline handler, an inline style, a foreign image.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div style="color: red" onclick="alert(1)">x</div><img alt="" src="https://attacker.example/pixel.png">');
      (document.querySelector('div[onclick]') as HTMLElement).click();
    });
    const seen: Violation[] = [];
    await expect
      .poll(async () => {
        seen.push(...(await drain()));
        return [...new Set(seen.map((violation) => violation.directive))].sort();
      })
      .toEqual(expect.arrayContaining(['img-src', 'script-src-attr', 'style-src-attr']));
  });

  test('pages are not framed and carry the static headers; API answers load nothing', async ({ pageAs }) => {
    const page = await pageAs('viewer');
    const response = await page.goto('/environments');
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("object-src 'none'");
    expect(headers['content-security-policy']).toContain("base-uri 'none'");
    expect(headers['content-security-policy']).toContain("connect-src 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    // Served over plain http (the local demo): no HSTS, no COOP.
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['cross-origin-opener-policy']).toBeUndefined();
    const api = await page.request.get('/api/v1/me');
    expect(api.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  });

  test('keeps the console out of search indexes: robots.txt, a noindex header, and the public files served without sign-in', async ({ request }) => {
    const robots = await request.get('/robots.txt', { maxRedirects: 0 });
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);
    for (const file of ['/logo.svg', '/favicon.svg']) {
      const response = await request.get(file, { maxRedirects: 0 });
      expect(response.status(), file).toBe(200);
      expect(response.headers()['content-type']).toContain('image/svg+xml');
    }
    const signIn = await request.get('/sign-in');
    expect(signIn.headers()['x-robots-tag']).toBe('noindex, nofollow');
  });
});
