import { z } from 'zod';
import { apiUrl, observabilityFetch, reachFailure, readJson } from '../observability/observability-fetch';
import { perUrl } from '../observability/per-url';
import { maxWaitingPerEndpoint, Semaphore } from '../observability/semaphore';
import { SharedCache } from '../observability/shared-cache';
import { type AlertSource, type AlertView, type Silence, type SourceStatus, componentOf, copiesInAlertmanager, sortAlerts } from '@/lib/core/alerts/alerts';

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

export type AlertSourceLimits = {
  /** How long one request may take, including the wait for a free slot. */
  timeoutMs: number;
  /** Requests in flight to one Prometheus or Alertmanager at once. */
  concurrency: number;
  /** How long an answer is shared with later identical requests (every viewer's alerts page asks the same three). */
  cacheMs: number;
};

export const defaultAlertSourceLimits: AlertSourceLimits = { timeoutMs: 3000, concurrency: 4, cacheMs: 3000 };

/** Why a request failed, in words of its own: never an error's message, which can quote the answer's body. */
class NoAnswer extends Error {}

/** `Prometheus at 127.0.0.1:59090 did not answer: connection refused`, as the charts name theirs; never what the other end wrote. */
function failure(system: string, url: string, error: unknown): SourceStatus {
  return { ok: false, message: `${system} at ${new URL(url).host} did not answer: ${error instanceof NoAnswer ? error.message : reachFailure(error)}` };
}

export class PrometheusAlertSource implements AlertSource {
  private readonly limits: AlertSourceLimits;
  private readonly cache: SharedCache<unknown>;
  private readonly slotsFor: (baseUrl: string) => Semaphore;

  constructor(limits: Partial<AlertSourceLimits> = {}) {
    this.limits = { ...defaultAlertSourceLimits, ...limits };
    this.cache = new SharedCache<unknown>(this.limits.cacheMs, 200);
    this.slotsFor = perUrl(() => new Semaphore(this.limits.concurrency, maxWaitingPerEndpoint));
  }

  /** One GET of a JSON API (shared with identical requests in flight or just answered), checked against its shape. */
  private getJson<T>(url: URL, schema: z.ZodType<T>): Promise<T> {
    return this.cache.get(url.toString(), async () => {
      const signal = AbortSignal.timeout(this.limits.timeoutMs);
      const { status, body } = await this.slotsFor(url.origin).run(async () => {
        signal.throwIfAborted();
        const response = await observabilityFetch(url, { signal, headers: { accept: 'application/json' } });
        return { status: response.status, body: await readJson(response) };
      }, { signal });
      if (status < 200 || status >= 300) throw new NoAnswer(`answered ${status}`);
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new NoAnswer(`not ${url.pathname.includes('/api/v2/') ? 'an Alertmanager' : 'a Prometheus'} API answer (status ${status})`);
      return parsed.data;
    }) as Promise<T>;
  }

  async findAlerts(endpoints: { prometheusUrl: string; alertmanagerUrl: string }, environment: string) {
    const envFilter = encodeURIComponent(`environment="${environment.replace(/["\\]/g, '\\$&')}"`);
    const [prom, amAlertList, silences] = await Promise.allSettled([
      this.getJson(apiUrl(endpoints.prometheusUrl, 'api/v1/alerts'), promAlerts),
      this.getJson(apiUrl(endpoints.alertmanagerUrl, `api/v2/alerts?filter=${envFilter}`), amAlerts),
      this.getJson(apiUrl(endpoints.alertmanagerUrl, 'api/v2/silences'), amSilences),
    ]);
    const alertmanagerOk = amAlertList.status === 'fulfilled' && silences.status === 'fulfilled';
    const sent = alertmanagerOk ? amAlertList.value : [];
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
              // Alertmanager's copies carry Prometheus' external labels too: matched on Prometheus' labels, not the whole set.
              const copies = copiesInAlertmanager(a.labels, sent);
              const silencedBy = [...new Set(copies.flatMap((copy) => copy.status.silencedBy))];
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
                silencedBy: alertmanagerOk ? silencedBy.flatMap((id) => silenceById.get(id) ?? []) : null,
                inhibited: alertmanagerOk ? copies.some((copy) => copy.status.inhibitedBy.length > 0) : null,
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
