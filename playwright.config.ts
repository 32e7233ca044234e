import { defineConfig } from '@playwright/test';
import { e2eBaseUrl, e2eDatabaseName, e2eMetricsPort, e2ePort } from './e2e/support/run-settings';

// End-to-end tests in Debian's Chromium against the production build of the console, the local
// stack's Postgres (a fresh database per run) and its real OIDC issuer. Playwright starts the web
// server before globalSetup, so the server boots without touching the database (Prisma connects on
// the first request) and globalSetup creates and migrates the database before any test runs.
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: e2eBaseUrl,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.PP_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'bash e2e/web-server.sh',
    url: `${e2eBaseUrl}/api/auth/providers`,
    // GRAFANA_FRAME_ORIGINS: the starter specs' Grafana may be framed (e2e/monitoring.spec.ts checks the
    // frame-src it gives and the panels framed; no Grafana runs there).
    env: { PP_E2E_PORT: String(e2ePort), PP_E2E_DATABASE_NAME: e2eDatabaseName, PP_E2E_METRICS_PORT: String(e2eMetricsPort), GRAFANA_FRAME_ORIGINS: 'http://127.0.0.1:53000' },
    // A fresh run builds the app first (minutes on two cores); later runs reuse the build.
    timeout: 10 * 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
