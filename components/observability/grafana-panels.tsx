import type { GrafanaLinks } from '@/lib/core/metrics/grafana-links';
import { ExternalLink } from '@/components/ui/external-link';
import { NoData } from './unavailable';

/**
 * The environment's Grafana dashboards: solo panels framed where the console's CSP frame-src allows
 * this Grafana (`embeddable`), otherwise — and always beside them — "Open in Grafana" links.
 */
export function GrafanaPanels({ links, panels = true }: { links: GrafanaLinks; panels?: boolean }) {
  if (!links.dashboards.length) return <NoData>This environment has no Grafana dashboards (monitoring is off and the spec names none).</NoData>;
  return (
    <div className="space-y-3">
      {links.embeddable ? null : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Panels are not embedded: this Grafana ({new URL(links.grafanaUrl).origin}) is not among the origins the console may frame (GRAFANA_FRAME_ORIGINS).
        </p>
      )}
      <ul aria-label="Grafana dashboards" className="space-y-3">
        {links.dashboards.map((dashboard, i) => (
          <li key={dashboard.uid}>
            {links.embeddable && panels && dashboard.panels.length ? (
              <details open={i === 0} className="rounded-lg border border-slate-200 dark:border-slate-800">
                <summary className="cursor-pointer px-4 py-2 text-sm font-medium">
                  {dashboard.title} <span className="text-slate-500 dark:text-slate-400">({dashboard.panels.length} panels)</span>
                </summary>
                <div className="space-y-3 px-4 pb-4">
                  <ExternalLink href={dashboard.url}>Open {dashboard.title} in Grafana</ExternalLink>
                  <div className="grid gap-3 lg:grid-cols-2">
                    {dashboard.panels.map((panel) => (
                      <iframe
                        key={panel.id}
                        src={panel.soloUrl}
                        title={`${dashboard.title}: ${panel.title}`}
                        loading="lazy"
                        sandbox="allow-scripts allow-same-origin"
                        referrerPolicy="no-referrer"
                        className="h-56 w-full rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950"
                      />
                    ))}
                  </div>
                </div>
              </details>
            ) : (
              <ExternalLink href={dashboard.url}>Open {dashboard.title} in Grafana</ExternalLink>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
