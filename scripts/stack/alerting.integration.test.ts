// Proof that the platform's own alerts fire for real on the local stack: the synthetic traffic makes
// Prometheus evaluate the rendered rules of dev (for: shortened by the stack), Alertmanager routes
// the alert with dev's routing, and the test receiver records the notification, then its resolution.
import { afterAll, describe, expect, it } from 'vitest';
import { alertmanagerUrl, alertReceiverUrl, prometheusUrl, steerTraffic, waitFor } from './test-support';

type PromAlert = { state: 'pending' | 'firing'; labels: Record<string, string>; activeAt: string };
type Notification = { receiver: string; status: string; receivedAt: string; alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[] };

const alertname = 'PersonaPassHighErrorRate';
const isOurs = (labels: Record<string, string>) => labels.alertname === alertname && labels.environment === 'dev' && labels.destination_workload === 'wallet-api';

const steer = (settings: Record<string, unknown>) => steerTraffic({ workload: 'wallet-api', ...settings });

async function prometheusAlert(): Promise<PromAlert | undefined> {
  const body = (await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts.find((a) => isOurs(a.labels));
}

async function notifications(receiver: string, status: string, since: string): Promise<Notification[]> {
  const query = new URLSearchParams({ receiver, alertname, status, since });
  const all = (await (await fetch(`${alertReceiverUrl}/notifications?${query}`)).json()) as Notification[];
  return all.filter((n) => n.alerts.some((a) => isOurs(a.labels)));
}

describe("the platform's alerts on the local stack", () => {
  // Back to wallet-api's defaults in dev (the demo and other tests read them).
  afterAll(() => steer({ errorRatio: 0.001, rps: 50 }));

  it('fires PersonaPassHighErrorRate when wallet-api fails more than 5% of requests in dev, notifies, and resolves when it recovers', async () => {
    await steer({ errorRatio: 0.001, rps: 50 });
    await waitFor('no high error rate on wallet-api in dev before the test', async () => !(await prometheusAlert()), 60_000, 1000);
    const since = new Date().toISOString();

    await steer({ errorRatio: 0.5 });
    const states = new Set<string>();
    const firing = await waitFor('PersonaPassHighErrorRate firing in Prometheus', async () => {
      const alert = await prometheusAlert();
      if (alert) states.add(alert.state);
      return alert?.state === 'firing' && alert;
    }, 90_000, 500);
    expect(firing.labels).toMatchObject({ severity: 'critical', environment: 'dev', destination_workload: 'wallet-api' });

    // dev's routing: critical alerts go to its critical channel, and on (continue) to its channel.
    const [critical] = await waitFor('the critical notification recorded', async () => (await notifications('slack-dev-critical', 'firing', since)).length > 0 && notifications('slack-dev-critical', 'firing', since), 30_000, 500);
    const alert = critical!.alerts.find((a) => isOurs(a.labels))!;
    expect(alert.annotations.summary).toBe('wallet-api answers more than 5% of requests with 5xx');
    expect(alert.annotations.runbook_url).toBe('https://runbooks.personapass.io/alerts/high-error-rate');
    await waitFor('the notification to dev\'s channel too', async () => (await notifications('slack-dev', 'firing', since)).length > 0, 30_000, 500);

    const amQuery = encodeURIComponent(`alertname="${alertname}"`);
    const inAlertmanager = (await (await fetch(`${alertmanagerUrl}/api/v2/alerts?filter=${amQuery}&filter=${encodeURIComponent('environment="dev"')}`)).json()) as { labels: Record<string, string>; status: { state: string } }[];
    expect(inAlertmanager.find((a) => isOurs(a.labels))?.status.state).toBe('active');

    // Steering back: healthy again, and a surge of healthy requests, so the rule's 5-minute ratio falls
    // at once instead of when the failed requests leave its window five minutes later.
    await steer({ errorRatio: 0.001, rps: 5000 });
    await waitFor('PersonaPassHighErrorRate gone from Prometheus', async () => !(await prometheusAlert()), 60_000, 500);
    const [resolved] = await waitFor('the resolution recorded', async () => (await notifications('slack-dev-critical', 'resolved', since)).length > 0 && notifications('slack-dev-critical', 'resolved', since), 30_000, 500);
    expect(resolved!.alerts.find((a) => isOurs(a.labels))?.status).toBe('resolved');
    console.log(`states seen in Prometheus: ${[...states].join(' → ')}; notified ${critical!.receivedAt}, resolved ${resolved!.receivedAt} (since ${since})`);
  });
});
