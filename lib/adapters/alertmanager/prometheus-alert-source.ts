import { z } from 'zod';
import { causeOf } from '../prometheus/prometheus-metrics-source';
import { type AlertSource, type AlertView, type Silence, type SourceStatus, componentOf, labelKey, sortAlerts } from '@/lib/core/alerts/alerts';

// Firing and pending alerts from Prometheus' API (/api/v1/alerts: only Prometheus knows pending
// ones), joined with Alertmanager's API v2 for what mutes them (silences, inhibition). Each call has
// a timeout and fails alone: Alertmanager down still lists the alerts, with silences unknown.

const labels = z.record(z.string(), z.string());
const promAlerts = z.object({
  status: z.literal('success'),
  data: z.object({ alerts: z.array(z.object({ labels, annotations: labels.default({}), state: z.string(), activeAt: z.string().optional() })) }),
});
const amAlerts = z.array(z.object({ labels, status: z.object({ state: z.string(), silencedBy: z.array(z.string()), inhibitedBy: z.array(z.string()) }) }));
const amSilences = z.array(
  z.object({
    id: z.string(),
    createdBy: z.string(),
    comment: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.object({ state: z.string() }),
    matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().default(true) })),
  }),
);

async function getJson<T>(url: string, schema: z.ZodType<T>, timeoutMs: number): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${new URL(url).pathname} answered ${res.status}`);
  return schema.parse(await res.json());
}

/** `Prometheus at 127.0.0.1:59090 did not answer: ECONNREFUSED`, as the charts name theirs. */
function failure(system: string, url: string, error: unknown): SourceStatus {
  const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : error.name === 'ZodError' ? 'answered in an unexpected shape' : causeOf(error)) : String(error);
  return { ok: false, message: `${system} at ${new URL(url).host} did not answer: ${reason}` };
}

export class PrometheusAlertSource implements AlertSource {
  constructor(private readonly options: { timeoutMs: number } = { timeoutMs: 3000 }) {}

  async findAlerts(endpoints: { prometheusUrl: string; alertmanagerUrl: string }, environment: string) {
    const envFilter = encodeURIComponent(`environment="${environment.replace(/["\\]/g, '\\$&')}"`);
    const [prom, amAlertList, silences] = await Promise.allSettled([
      getJson(`${endpoints.prometheusUrl}/api/v1/alerts`, promAlerts, this.options.timeoutMs),
      getJson(`${endpoints.alertmanagerUrl}/api/v2/alerts?filter=${envFilter}`, amAlerts, this.options.timeoutMs),
      getJson(`${endpoints.alertmanagerUrl}/api/v2/silences`, amSilences, this.options.timeoutMs),
    ]);
    const alertmanagerOk = amAlertList.status === 'fulfilled' && silences.status === 'fulfilled';
    const muting = new Map(alertmanagerOk ? amAlertList.value.map((a) => [labelKey(a.labels), a.status]) : []);
    const silenceById = new Map<string, Silence>(
      alertmanagerOk
        ? silences.value
            .filter((s) => s.status.state === 'active')
            .map((s) => [s.id, { id: s.id, createdBy: s.createdBy, comment: s.comment, startsAt: s.startsAt, endsAt: s.endsAt, matchers: s.matchers.map((m) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}"${m.value}"`) }])
        : [],
    );
    const alerts: AlertView[] =
      prom.status === 'fulfilled'
        ? prom.value.data.alerts
            .filter((a) => a.labels.environment === environment && (a.state === 'firing' || a.state === 'pending'))
            .map((a) => {
              const status = muting.get(labelKey(a.labels));
              return {
                name: a.labels.alertname ?? '',
                state: a.state as AlertView['state'],
                severity: a.labels.severity ?? 'none',
                component: componentOf(a.labels),
                since: a.activeAt ?? '',
                summary: a.annotations.summary ?? '',
                runbookUrl: a.annotations.runbook_url ?? null,
                labels: a.labels,
                // Pending alerts never reach Alertmanager: nothing mutes them yet.
                silencedBy: alertmanagerOk ? (status?.silencedBy ?? []).flatMap((id) => silenceById.get(id) ?? []) : null,
                inhibited: alertmanagerOk ? (status?.inhibitedBy.length ?? 0) > 0 : null,
              };
            })
        : [];
    const alertmanagerFailure = amAlertList.status === 'rejected' ? amAlertList.reason : silences.status === 'rejected' ? silences.reason : undefined;
    return {
      environment,
      alerts: sortAlerts(alerts),
      sources: {
        prometheus: prom.status === 'fulfilled' ? ({ ok: true } as const) : failure('Prometheus', endpoints.prometheusUrl, prom.reason),
        alertmanager: alertmanagerOk ? ({ ok: true } as const) : failure('Alertmanager', endpoints.alertmanagerUrl, alertmanagerFailure),
      },
    };
  }
}
