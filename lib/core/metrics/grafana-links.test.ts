import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '@/manifests/kube-object';
import { dashboardDefinitions, panelId, renderDashboards } from '@/manifests/monitoring/dashboards';
import { grafanaLinks } from './grafana-links';

// Grafana cannot run here: these tests check the URLs against the dashboards the platform
// provisions (their uids and panel ids), not against a live Grafana.

const spec = starterSpec('staging', 'staging');
const dashboards = dashboardDefinitions(spec).map((d) => ({ key: d.key, uid: d.uid, title: d.title, panels: d.panels.map((p, i) => ({ id: panelId(i), title: p.title })) }));
const links = (grafanaUrl: string, frameOrigins: string[] = [], extraDashboardUids: string[] = []) =>
  grafanaLinks({ grafanaUrl, dashboards, extraDashboardUids, range: '6h', frameOrigins });

describe('grafanaLinks', () => {
  it('names each provisioned panel by the id and dashboard uid Grafana is given', () => {
    const provisioned = renderDashboards(spec)
      .map(toPlain)
      .flatMap((object) => Object.values((object as { data?: Record<string, string> }).data ?? {}))
      .filter((text) => text.trimStart().startsWith('{'))
      .map((text) => JSON.parse(text) as { uid: string; panels: { id: number; title: string }[] });
    const answer = links('https://grafana.staging.example.com');
    expect(provisioned).toHaveLength(answer.dashboards.length);
    for (const dashboard of provisioned) {
      const linked = answer.dashboards.find((d) => d.uid === dashboard.uid)!;
      expect(linked.panels.map(({ id, title }) => ({ id, title }))).toEqual(dashboard.panels.map(({ id, title }) => ({ id, title })));
      for (const panel of linked.panels) {
        expect(panel.soloUrl).toBe(`https://grafana.staging.example.com/d-solo/${dashboard.uid}?orgId=1&panelId=${panel.id}&from=now-6h&to=now`);
      }
      expect(linked.url).toBe(`https://grafana.staging.example.com/d/${dashboard.uid}?orgId=1&from=now-6h&to=now`);
    }
  });

  it('keeps a Grafana served under a path, and adds the spec’s own dashboards as open-only links', () => {
    const answer = links('https://ops.example.com/grafana', [], ['team-board', dashboards[0]!.uid]);
    expect(answer.dashboards[0]!.panels[0]!.soloUrl).toMatch(/^https:\/\/ops\.example\.com\/grafana\/d-solo\/personapass-staging-overview\?orgId=1&panelId=1&/);
    const extra = answer.dashboards.filter((d) => d.panels.length === 0);
    expect(extra).toEqual([{ key: 'team-board', uid: 'team-board', title: 'team-board', url: 'https://ops.example.com/grafana/d/team-board?orgId=1&from=now-6h&to=now', panels: [] }]);
  });

  it('is embeddable only when its origin is one of the configured frame origins', () => {
    expect(links('https://grafana.staging.example.com/', ['https://grafana.staging.example.com']).embeddable).toBe(true);
    expect(links('https://grafana.staging.example.com', ['https://grafana.prod.example.com']).embeddable).toBe(false);
    expect(links('http://grafana.staging.example.com', ['https://grafana.staging.example.com']).embeddable).toBe(false);
    expect(links('https://grafana.staging.example.com:8443', ['https://grafana.staging.example.com']).embeddable).toBe(false);
    expect(links('https://grafana.staging.example.com').embeddable).toBe(false);
  });
});
