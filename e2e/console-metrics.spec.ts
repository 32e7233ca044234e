import { createEnvironment, developmentSpec, uniqueEnvironmentName } from './fixtures/environments';
import { expect, test } from './fixtures/test';
import { e2eMetricsPort } from './support/run-settings';

// The production build serves its own Prometheus metrics (prom-client inside the Next server
// bundle) on METRICS_PORT, a loopback listener apart from the console's port: requests made while
// using the console show up under their route templates, never their URLs.
test.describe('console metrics', () => {
  test('the built app serves /metrics on METRICS_PORT with the latency of the API routes just used', async ({ pageAs, request }) => {
    const page = await pageAs('operator');
    const name = uniqueEnvironmentName('metrics');
    await createEnvironment(page.request, developmentSpec(name));
    await page.goto(`/environments/${name}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    expect((await page.request.get(`/api/v1/environments/${name}`)).status()).toBe(200);

    const metrics = await request.get(`http://127.0.0.1:${e2eMetricsPort}/metrics`);
    expect(metrics.status()).toBe(200);
    expect(metrics.headers()['content-type']).toContain('text/plain');
    const text = await metrics.text();
    const count = (route: string, method: string, status: string) =>
      Number(text.match(new RegExp(`^console_http_request_duration_seconds_count\\{route="${route.replace(/[{}]/g, '\\$&')}",method="${method}",status="${status}"\\} (\\d+)$`, 'm'))?.[1] ?? 0);
    console.log(text.split('\n').filter((line) => line.startsWith('console_http_request_duration_seconds_count')).join('\n'));
    expect(count('/api/v1/environments', 'POST', '201')).toBeGreaterThanOrEqual(1);
    expect(count('/api/v1/environments/{name}', 'GET', '200')).toBeGreaterThanOrEqual(1);
    // Requests are counted by route template, never by URL (the watch metrics do name the environment's
    // namespaces: one set of series per watched namespace, bounded by the environments).
    expect(text.split('\n').filter((line) => line.startsWith('console_http_') && line.includes(name))).toEqual([]);
    for (const metric of ['console_deploy_queue_depth', 'console_watch_lag_seconds', 'console_watch_synced', 'console_process_resident_memory_bytes']) expect(text).toContain(`# TYPE ${metric} `);

    // Not on the console's own port (whatever it answers there, it is not the metrics).
    expect(await (await request.get('/metrics')).text()).not.toContain('# TYPE console_');
  });
});
