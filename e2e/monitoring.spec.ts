import type { APIRequestContext, Page } from '@playwright/test';
import { createPrismaClient, type Db } from '@/lib/adapters/prisma/prisma-client';
import { insertPlan } from '@/lib/test-support/plan-fixtures';
import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { screenshots } from './fixtures/screenshots';
import { expect, test } from './fixtures/test';
import { e2eDatabaseUrl } from './support/run-settings';
import { freePort } from '@/lib/test-support/free-port';

// The monitoring page against the local stack's real Prometheus (fed by the synthetic traffic
// generator, steered for this test's own namespace and put back after), Alertmanager and Jaeger.
// Grafana cannot run here: its part is checked through the URLs the page frames or links and the
// CSP frame-src, which playwright.config.ts sets from GRAFANA_FRAME_ORIGINS (the starter specs'
// Grafana origin, http://127.0.0.1:53000).

const trafficUrl = `http://127.0.0.1:${process.env.PP_TRAFFIC_PORT ?? 59100}`;
const jaegerPort = process.env.PP_JAEGER_QUERY_PORT ?? '56686';
const grafanaOrigin = 'http://127.0.0.1:53000';
const MIB = 1024 * 1024;

let db: Db;
const steered: string[] = [];

test.beforeAll(() => {
  db = createPrismaClient(e2eDatabaseUrl());
});
test.afterAll(async () => {
  for (const namespace of steered) await fetch(`${trafficUrl}/control?namespace=${namespace}`, { method: 'DELETE' });
  await db?.$disconnect();
});

/**
 * Series of the generator for wallet-api in `namespace`, until the metrics route answers the
 * page's range with a line (two points; a lone point is a dot) for a gauge and for a rate. A rate
 * needs two scrapes inside its window, so it draws its first point one scrape after the gauge.
 */
async function steerTraffic(request: APIRequestContext, environment: string, namespace: string) {
  steered.push(namespace);
  const response = await fetch(`${trafficUrl}/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ workload: 'wallet-api', namespace, replicas: 2, available: 2, memoryBytes: 100 * MIB, rps: 40 }),
  });
  expect(response.status).toBe(200);
  const points = async (chartName: string) => {
    const answer = await (await request.get(`/api/v1/environments/${environment}/metrics?component=wallet-api&chart=${chartName}&range=1h`)).json();
    return answer.charts[0].status === 'ok' ? (answer.charts[0].series[0]?.points.length ?? 0) : 0;
  };
  await expect
    .poll(async () => Math.min(await points('memory'), await points('request-rate')), { timeout: 90_000, intervals: [3000] })
    .toBeGreaterThanOrEqual(2);
}

/** A finished deploy run of the environment's head revision, two minutes ago: a marker on its charts. */
async function finishedRun(environment: string): Promise<string> {
  const user = await db.user.findFirstOrThrow({ where: { role: 'operator' } });
  const plan = await insertPlan(db, { environment, requestedBy: user.id });
  const { id: environmentId } = await db.environment.findUniqueOrThrow({ where: { name: environment }, select: { id: true } });
  const at = new Date(Date.now() - 2 * 60_000);
  const run = await db.deployRun.create({ data: { planId: plan.id, environmentId, requestedBy: user.id, status: 'succeeded', startedAt: at, finishedAt: at } });
  return run.id;
}

const chart = (page: Page, name: string) => page.locator(`[data-chart="${name}"]`);
const curve = (page: Page, name: string) => chart(page, name).locator('path.recharts-line-curve');

test.describe('monitoring', () => {
  test('a component on the local Prometheus: its charts are drawn from real series with the deploy run marked; the range picker changes the URL and the charts by keyboard', async ({ pageAs }) => {
    test.setTimeout(150_000);
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('mon');
    const spec = developmentSpec(name);
    await createEnvironment(page.request, spec);
    await steerTraffic(page.request, name, spec.namespace);
    const runId = await finishedRun(name);
    // recharts sets its styles through the DOM: the page's CSP must refuse nothing it draws.
    const refused: string[] = [];
    page.on('console', (message) => void (/content security policy/i.test(message.text()) && refused.push(message.text())));

    await page.goto(`/environments/${name}`);
    await page.getByRole('link', { name: 'Monitoring', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Monitoring ${name}` })).toBeVisible();
    await page.getByRole('navigation', { name: 'Component' }).getByRole('link', { name: /^wallet-api/ }).click();
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/monitoring\\?range=1h&component=wallet-api$`));

    // Drawn from the generator's series: a line with points, nothing unavailable on the page.
    await expect(curve(page, 'memory')).toHaveAttribute('d', /^M[\d.]+,[\d.]+[LC]/);
    await expect(curve(page, 'request-rate')).toHaveAttribute('d', /^M[\d.]+,[\d.]+[LC]/);
    await expect(chart(page, 'replicas').locator('path.recharts-line-curve')).toHaveCount(2); // desired and available
    await expect(page.locator('[data-chart]')).toHaveCount(8);
    await expect(page.getByText('unavailable:')).toHaveCount(0);
    // The deploy run: a labelled line on every chart, linking to the run, and in the list below them.
    const runPath = `/environments/${name}/runs/${runId}`;
    await expect(chart(page, 'memory').locator('a.deploy-marker')).toHaveAttribute('href', runPath);
    await expect(page.locator('a.deploy-marker')).toHaveCount(8);
    await expect(page.getByRole('list', { name: 'Deploy runs on the charts' }).getByRole('link')).toHaveAttribute('href', runPath);
    // The tooltip carries the unit.
    const surface = chart(page, 'memory').locator('.recharts-surface');
    const box = (await surface.boundingBox())!;
    await surface.hover({ position: { x: box.width - 16, y: box.height / 2 } }); // the newest points

    await expect(chart(page, 'memory').locator('.recharts-tooltip-wrapper')).toContainText(/UTC.*wallet-api.*200 MiB/);
    // Traces and alerts read their real sources.
    await expect(page.getByRole('link', { name: /Search wallet-api in Jaeger/ })).toHaveAttribute('href', new RegExp(`^http://127\\.0\\.0\\.1:${jaegerPort}/search\\?service=wallet-api&start=\\d+&end=\\d+&lookback=custom`));
    await expect(page.getByRole('status', { name: 'Loading chart' })).toHaveCount(0);
    await screenshots(page, 'monitoring-wallet-api');

    // Over an hour the axis has a tick every 10 minutes.
    const ticks = chart(page, 'memory').locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
    await expect(ticks.first()).toHaveText(/^\d\d:\d\d$/);
    expect((await ticks.allTextContents()).some((tick) => !tick.endsWith(':00'))).toBe(true);
    const picker = page.getByRole('navigation', { name: 'Time range' });
    await expect(picker.getByRole('link', { name: /^1h,/ })).toHaveAttribute('aria-current', 'true');
    await picker.getByRole('link', { name: /^1h,/ }).focus();
    await page.keyboard.press('Tab');
    await expect(picker.getByRole('link', { name: /^6h,/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/environments/${name}/monitoring\\?range=6h&component=wallet-api$`));
    await expect(picker.getByRole('link', { name: /^6h,/ })).toHaveAttribute('aria-current', 'true');
    await expect(page.getByText('wallet-api over the last 6h')).toBeVisible();
    // The 6-hour query draws the series again (its 30-second steps may hold one point of this
    // new series yet: a dot), on an axis with a tick each hour. Seven days would show nothing
    // yet: that query's 15-minute steps end before this series began.
    await expect(chart(page, 'memory').locator('path.recharts-line-curve, circle.recharts-line-dot').first()).toBeAttached();
    await expect.poll(async () => (await ticks.allTextContents()).map((tick) => /^\d\d:00$/.test(tick))).toEqual(expect.arrayContaining([true]));
    expect((await ticks.allTextContents()).every((tick) => /^\d\d:00$/.test(tick))).toBe(true);
    await expect(chart(page, 'memory').locator('a.deploy-marker')).toHaveAttribute('href', runPath);
    expect(refused).toEqual([]);
  });

  test('an environment whose Prometheus is a closed port: every chart says unavailable and why, while the rest of the page renders', async ({ pageAs }) => {
    const page = await pageAs('viewer');
    const admin = await pageAs('operator');
    const name = uniqueEnvironmentName('mondown');
    const port = await freePort();
    await createEnvironment(admin.request, developmentSpec(name, (spec) => void (spec.observability.prometheusUrl = `http://127.0.0.1:${port}`)));

    await page.goto(`/environments/${name}/monitoring?component=wallet-api&range=15m`);
    await expect(page.getByRole('heading', { level: 1, name: `Monitoring ${name}` })).toBeVisible();
    const charts = page.locator('[data-chart]');
    await expect(charts).toHaveCount(8);
    const reason = `unavailable: Prometheus at 127.0.0.1:${port} cannot be reached (connection refused)`;
    for (let i = 0; i < 8; i++) await expect(charts.nth(i)).toContainText(reason);
    await expect(page.locator('path.recharts-line-curve')).toHaveCount(0);
    await expect(page.getByText(/^unavailable: the alerts could not be read: Prometheus at 127\.0\.0\.1:\d+ did not answer/)).toBeVisible();
    // The rest: range picker, component filter, traces from Jaeger, Grafana links.
    await expect(page.getByRole('navigation', { name: 'Time range' }).getByRole('link')).toHaveCount(5);
    await expect(page.getByRole('navigation', { name: 'Component' }).getByRole('link')).toHaveCount(4);
    await expect(page.getByRole('link', { name: /Search wallet-api in Jaeger/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Recent error traces' })).toBeVisible();
    await expect(page.getByRole('link', { name: /^Open .* in Grafana/ }).first()).toBeVisible();
    await expect(page.getByRole('status', { name: /^Loading/ })).toHaveCount(0);
    await screenshots(page, 'monitoring-prometheus-down');
  });

  test('Grafana cannot run here (URLs and CSP only): frame-src names GRAFANA_FRAME_ORIGINS, its panels are sandboxed lazy titled d-solo iframes, another Grafana gets Open-in-Grafana links', async ({ pageAs }) => {
    const page = await pageAs('viewer');
    const operator = await pageAs('operator');
    const framed = uniqueEnvironmentName('mongraf');
    const elsewhere = uniqueEnvironmentName('mongrafx');
    await createEnvironment(operator.request, developmentSpec(framed));
    await createEnvironment(operator.request, developmentSpec(elsewhere, (spec) => void (spec.observability.grafanaUrl = 'https://grafana.elsewhere.example')));

    const response = await page.goto(`/environments/${framed}/monitoring?range=6h`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toMatch(new RegExp(`(^|; )frame-src ${grafanaOrigin.replace(/[.:/]/g, '\\$&')}(;|$)`));
    const dashboards = page.getByRole('list', { name: 'Grafana dashboards' });
    const frames = dashboards.locator('iframe');
    await expect(frames.first()).toBeAttached();
    expect(await frames.count()).toBeGreaterThan(1);
    const attributes = await frames.evaluateAll((elements) => elements.map((frame) => ({ src: frame.getAttribute('src'), sandbox: frame.getAttribute('sandbox'), loading: frame.getAttribute('loading'), title: frame.getAttribute('title') })));
    for (const frame of attributes) {
      expect(frame.src).toMatch(new RegExp(`^${grafanaOrigin}/d-solo/[a-z0-9-]+\\?orgId=1&panelId=\\d+&from=now-6h&to=now$`));
      expect(frame).toMatchObject({ sandbox: 'allow-scripts allow-same-origin', loading: 'lazy', title: expect.stringMatching(/\S+: \S+/) });
    }
    console.log(`${attributes.length} Grafana panels framed, e.g. ${attributes[0]!.src}`);
    await expect(dashboards.getByRole('link', { name: /^Open .* in Grafana/ }).first()).toHaveAttribute('href', new RegExp(`^${grafanaOrigin}/d/[a-z0-9-]+\\?orgId=1&from=now-6h&to=now$`));

    await page.goto(`/environments/${elsewhere}/monitoring`);
    await expect(page.getByText('Panels are not embedded: this Grafana (https://grafana.elsewhere.example) is not among the origins')).toBeVisible();
    await expect(page.locator('iframe')).toHaveCount(0);
    const links = page.getByRole('list', { name: 'Grafana dashboards' }).getByRole('link');
    expect(await links.count()).toBeGreaterThan(0);
    for (const href of await links.evaluateAll((elements) => elements.map((link) => link.getAttribute('href')))) {
      expect(href).toMatch(/^https:\/\/grafana\.elsewhere\.example\/d\/[a-z0-9-]+\?orgId=1&from=now-1h&to=now$/);
    }
  });
});
