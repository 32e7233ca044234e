import { stringify } from 'yaml';
import { runTool } from '@/lib/adapters/tools/run-tool';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { PlatformDashboard } from '@/lib/core/environments/grafana-uids';
import { dashboardDefinitions } from '@/manifests/monitoring/dashboards';
import { type IstioRequest, istioSeries } from '@/manifests/monitoring/istio-scrape';
import { scrapedLabels, seriesText } from '@/manifests/monitoring/scrape';
import { prodObjects } from '@/manifests/validate/fixtures';

export interface InputSeries {
  series: string;
  values: string;
}

/** The query of a dashboard's panel, by title. */
export function panelExpr(spec: EnvironmentSpec, dashboard: PlatformDashboard, title: string): string {
  const found = dashboardDefinitions(spec)
    .find((d) => d.key === dashboard)
    ?.panels.find((p) => p.title === title);
  if (!found) throw new Error(`no panel ${title} in the ${dashboard} dashboard`);
  return found.expr;
}

/**
 * promtool's promql_expr_test of one expression over series sampled every `interval` (a minute),
 * with `ruleGroups` evaluated at the same interval (recording rules the expression reads): its
 * output, which says SUCCESS when the samples are exactly these.
 */
export async function promqlExprTest(input: InputSeries[], expr: string, expected: { labels: string; value: number }[], evalTime = '15m', interval = '1m', ruleGroups: readonly object[] = []): Promise<string> {
  const rules: Record<string, string> = ruleGroups.length ? { 'rules.yaml': stringify({ groups: ruleGroups }, { lineWidth: 0 }) } : {};
  const test = { rule_files: Object.keys(rules), evaluation_interval: interval, tests: [{ interval, input_series: input, promql_expr_test: [{ expr, eval_time: evalTime, exp_samples: expected }] }] };
  const result = await runTool('promtool', ['test', 'rules', 'test.yaml'], { 'test.yaml': stringify(test, { lineWidth: 0 }), ...rules });
  return result.output;
}

/** One istio_requests_total series of prod as Prometheus stores it from the rendered PodMonitor that scrapes its reporter. */
export function storedIstioRequests(values: string, request: IstioRequest, objects = prodObjects()): InputSeries {
  const stored = scrapedLabels(objects, istioSeries('istio_requests_total', request, values));
  if (!stored) throw new Error('no monitor scrapes this series');
  return { series: seriesText(stored), values };
}
