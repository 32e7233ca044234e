import { stringify } from 'yaml';
import { runTool } from '@/lib/adapters/tools/run-tool';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import type { PlatformDashboard } from '@/lib/core/environments/grafana-uids';
import { dashboardDefinitions } from '@/manifests/monitoring/dashboards';

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

/** promtool's promql_expr_test of one expression over series sampled every `interval` (a minute): its output, which says SUCCESS when the samples are exactly these. */
export async function promqlExprTest(input: InputSeries[], expr: string, expected: { labels: string; value: number }[], evalTime = '15m', interval = '1m'): Promise<string> {
  const test = { rule_files: [], evaluation_interval: interval, tests: [{ interval, input_series: input, promql_expr_test: [{ expr, eval_time: evalTime, exp_samples: expected }] }] };
  const result = await runTool('promtool', ['test', 'rules', 'test.yaml'], { 'test.yaml': stringify(test, { lineWidth: 0 }) });
  return result.output;
}
