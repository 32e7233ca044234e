import type { AlertView } from '@/lib/core/alerts/alerts';
import { platformNamespaces } from '@/lib/core/environments/deploy-targets';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { availabilityCoverageQuery, availabilityFrom, availabilityQuery, availabilityWindows } from '@/lib/core/status/availability';
import type { Availability, StatusPage } from '@/lib/core/status/status-contract';
import { statusPageFrom } from '@/lib/core/status/status-page';
import type { Deps } from '../deps';
import { readEnvironmentHealth } from '../health/read-environment-health';

export type StatusDeps = Pick<Deps, 'live' | 'alerts' | 'now' | 'metrics' | 'runs'>;

/**
 * An environment's status page, with NO authorization (openStatusPage decides who may see it):
 * health from the shared watch caches, the last successful deploy, availability from its
 * Prometheus and critical firing alerts. Each outside system fails alone and the page says so.
 */
export async function readStatusPage(deps: StatusDeps, spec: EnvironmentSpec): Promise<StatusPage> {
  const [health, alerts, deployed, availability] = await Promise.all([
    readEnvironmentHealth(deps, spec),
    readAlerts(deps, spec),
    deps.runs.findDeployedState(spec.name),
    readAvailability(deps, spec),
  ]);
  return statusPageFrom({
    health,
    alerts,
    namespaces: Object.values(platformNamespaces(spec)),
    lastDeployAt: deployed?.run.finishedAt ?? null,
    availability: availability.values,
    availabilityProblem: availability.problem,
    now: deps.now(),
  });
}

async function readAlerts(deps: Pick<Deps, 'alerts'>, spec: EnvironmentSpec): Promise<AlertView[] | null> {
  try {
    const { prometheusUrl, alertmanagerUrl } = spec.observability;
    const found = await deps.alerts.findAlerts({ prometheusUrl, alertmanagerUrl }, spec.name);
    return found.sources.prometheus.ok ? found.alerts : null;
  } catch {
    return null;
  }
}

async function readAvailability(deps: Pick<Deps, 'metrics' | 'now'>, spec: EnvironmentSpec): Promise<{ values: Record<'24h' | '7d', Availability>; problem: string | null }> {
  const source = deps.metrics.forUrl(spec.observability.prometheusUrl);
  const [answers, coverage] = await Promise.all([
    Promise.allSettled(availabilityWindows.map((window) => source.queryInstant(availabilityQuery(spec.namespace, window)))),
    // How far back the recorded figures reach; unknown (not said) when this one query fails.
    source.queryInstant(availabilityCoverageQuery(spec.namespace)).catch(() => []),
  ]);
  const unavailable: Availability = { status: 'unavailable', ratio: null };
  const windowStart = (window: (typeof availabilityWindows)[number]) => new Date(deps.now().getTime() - (window === '7d' ? 7 : 1) * 24 * 3600 * 1000);
  const [day, week] = answers.map((answer, index) =>
    answer.status === 'fulfilled' ? availabilityFrom(answer.value, { windowStart: windowStart(availabilityWindows[index]!), result: coverage }) : unavailable,
  );
  const failed = answers.find((answer) => answer.status === 'rejected');
  return { values: { '24h': day!, '7d': week! }, problem: failed ? String((failed as PromiseRejectedResult).reason) : null };
}
