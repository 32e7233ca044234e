import { linkUnder } from '../links';
import type { MetricRange } from './metric-charts';

// Links into the environment's Grafana: solo panels (/d-solo/…) the console frames where the
// Grafana's origin is allowed in its CSP frame-src, and "Open in Grafana" (/d/…) for every dashboard.

/** A dashboard as the platform provisions it: its uid and its panels' ids and titles. */
export type DashboardPanels = { key: string; uid: string; title: string; panels: { id: number; title: string }[] };

export type GrafanaDashboardLinks = {
  key: string;
  uid: string;
  title: string;
  /** The whole dashboard in Grafana, over the range. */
  url: string;
  /** Each panel alone (/d-solo/…), for an iframe; empty for dashboards the platform does not provision. */
  panels: { id: number; title: string; soloUrl: string }[];
};

export type GrafanaLinks = {
  grafanaUrl: string;
  /** Whether the console's pages may frame this Grafana (its origin is one of GRAFANA_FRAME_ORIGINS); otherwise open it instead. */
  embeddable: boolean;
  dashboards: GrafanaDashboardLinks[];
};

/**
 * Links for the platform's dashboards and the environment's own extra dashboard uids. The
 * platform's dashboards have no template variables (the environment is in their uid and
 * datasource), so the URLs carry the organisation and the time range only.
 */
export function grafanaLinks(options: {
  grafanaUrl: string;
  dashboards: DashboardPanels[];
  extraDashboardUids: readonly string[];
  range: MetricRange;
  frameOrigins: readonly string[];
}): GrafanaLinks {
  const { grafanaUrl, range } = options;
  const time = { orgId: '1', from: `now-${range}`, to: 'now' };
  const open = (uid: string) => linkUnder(grafanaUrl, `d/${encodeURIComponent(uid)}`, time);
  const platform = options.dashboards.map((dashboard) => ({
    key: dashboard.key,
    uid: dashboard.uid,
    title: dashboard.title,
    url: open(dashboard.uid),
    panels: dashboard.panels.map((panel) => ({
      ...panel,
      soloUrl: linkUnder(grafanaUrl, `d-solo/${encodeURIComponent(dashboard.uid)}`, { orgId: '1', panelId: String(panel.id), from: time.from, to: time.to }),
    })),
  }));
  const known = new Set(platform.map((dashboard) => dashboard.uid));
  const extra = options.extraDashboardUids.filter((uid) => !known.has(uid)).map((uid) => ({ key: uid, uid, title: uid, url: open(uid), panels: [] }));
  return { grafanaUrl, embeddable: options.frameOrigins.includes(new URL(grafanaUrl).origin), dashboards: [...platform, ...extra] };
}
