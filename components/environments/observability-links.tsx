import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { ExternalLink } from '@/components/ui/external-link';

export function ObservabilityLinks({ observability }: { observability: EnvironmentSpec['observability'] }) {
  const grafana = observability.grafanaUrl.replace(/\/$/, '');
  return (
    <ul className="space-y-2 text-sm">
      <li>
        <ExternalLink href={observability.prometheusUrl}>Prometheus</ExternalLink>
        <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{observability.prometheusUrl}</span>
      </li>
      <li>
        <ExternalLink href={observability.grafanaUrl}>Grafana</ExternalLink>
        <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{observability.grafanaUrl}</span>
        {observability.grafanaDashboardIds.length > 0 ? (
          <ul aria-label="Grafana dashboards" className="mt-1 ml-4 list-disc space-y-0.5 pl-4">
            {observability.grafanaDashboardIds.map((id) => (
              <li key={id}>
                <ExternalLink href={`${grafana}/d/${encodeURIComponent(id)}`}>{id}</ExternalLink>
              </li>
            ))}
          </ul>
        ) : null}
      </li>
      <li>
        <ExternalLink href={observability.jaegerUrl}>Jaeger</ExternalLink>
        <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{observability.jaegerUrl}</span>
      </li>
      <li>
        <ExternalLink href={observability.alertmanagerUrl}>Alertmanager</ExternalLink>
        <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{observability.alertmanagerUrl}</span>
      </li>
    </ul>
  );
}
