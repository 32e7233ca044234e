import { canReadEnvironments } from '@/lib/core/auth/roles';
import { grafanaLinks, type GrafanaLinks } from '@/lib/core/metrics/grafana-links';
import type { MetricRange } from '@/lib/core/metrics/metric-charts';
import { dashboardDefinitions, panelId } from '@/manifests/monitoring/dashboards';
import { enforce, requireActor, type UseCaseContext } from '../context';
import { getEnvironment } from '../environments/get-environment';

/**
 * Links into the environment's Grafana over a range: its platform dashboards (provisioned only with
 * monitoring on) panel by panel, and the extra dashboard uids its spec names. No Grafana is asked:
 * the links are built from the same definitions the platform provisions.
 */
export async function getDashboards(ctx: UseCaseContext, environment: string, query: { range: MetricRange }): Promise<GrafanaLinks & { environment: string; range: MetricRange }> {
  enforce(canReadEnvironments(requireActor(ctx)));
  const { spec } = await getEnvironment(ctx, environment);
  const dashboards = spec.toggles.monitoring
    ? dashboardDefinitions(spec).map((dashboard) => ({ key: dashboard.key, uid: dashboard.uid, title: dashboard.title, panels: dashboard.panels.map((panel, i) => ({ id: panelId(i), title: panel.title })) }))
    : [];
  const links = grafanaLinks({
    grafanaUrl: spec.observability.grafanaUrl,
    dashboards,
    extraDashboardUids: spec.observability.grafanaDashboardIds,
    range: query.range,
    frameOrigins: ctx.deps.grafanaFrameOrigins,
  });
  return { environment, range: query.range, ...links };
}
