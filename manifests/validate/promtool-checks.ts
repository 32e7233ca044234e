import { stringify } from 'yaml';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { alertmanagerConfig, alertmanagerConfigSecret } from '../monitoring/alertmanager-config';
import { dashboardDefinitions } from '../monitoring/dashboards';
import { prometheusRuleName } from '../monitoring/prometheus-rule';
import { promtoolTestFile } from '../monitoring/promtool-tests';
import { namespacesOf } from '../names';
import type { PlainObject, Problem } from './problem';
import type { ToolRunner } from './tool-runner';

const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });

function ruleLocation(rule: PlainObject | undefined, alert: string): string {
  const groups: { rules: { alert?: string }[] }[] = rule?.spec?.groups ?? [];
  for (const [g, group] of groups.entries()) {
    const r = group.rules.findIndex((x) => x.alert === alert);
    if (r !== -1) return `spec.groups[${g}].rules[${r}]`;
  }
  return 'spec.groups';
}

/** `promtool check rules` and `promtool test rules` on the rendered PrometheusRule (one unit test per
 *  alert), `promtool check rules` on every dashboard query, and `amtool check-config` on the routing. */
export async function checkWithPromtool(spec: EnvironmentSpec, objects: readonly PlainObject[], run: ToolRunner): Promise<Problem[]> {
  const ns = namespacesOf(spec);
  const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === prometheusRuleName);
  if (!rule) return [];
  const ruleId = `PrometheusRule/${ns.monitoring}/${prometheusRuleName}`;
  const problems: Problem[] = [];
  const rulesFile = yaml({ groups: rule.spec?.groups ?? [] });

  const checked = await run('promtool', ['check', 'rules', 'rules.yaml'], { 'rules.yaml': rulesFile });
  if (checked.exitCode !== 0) problems.push({ object: ruleId, path: 'spec.groups', message: checked.output.trim(), check: 'promtool-check-rules' });

  const tests = yaml(promtoolTestFile(spec, 'rules.yaml'));
  const tested = await run('promtool', ['test', 'rules', 'tests.yaml'], { 'rules.yaml': rulesFile, 'tests.yaml': tests });
  if (tested.exitCode !== 0) {
    const failed = [...new Set([...tested.output.matchAll(/alertname: ?([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? ''))];
    if (failed.length === 0) problems.push({ object: ruleId, path: 'spec.groups', message: tested.output.trim(), check: 'promtool-test-rules' });
    for (const alert of failed) {
      problems.push({ object: ruleId, path: ruleLocation(rule, alert), message: `unit test of ${alert} failed: ${excerpt(tested.output, alert)}`, check: 'promtool-test-rules' });
    }
  }

  // Dashboard queries, checked as recording rules: a typo in a panel fails here, not on a wall screen.
  const dashboards = dashboardDefinitions(spec);
  const queries = yaml({
    groups: dashboards.map((d) => ({ name: d.uid, rules: d.panels.map((p, i) => ({ record: `dashboard:panel_${i + 1}`, expr: p.expr })) })),
  });
  const queried = await run('promtool', ['check', 'rules', 'dashboards.yaml'], { 'dashboards.yaml': queries });
  if (queried.exitCode !== 0) {
    problems.push({ object: `ConfigMap/${ns.monitoring}/dashboards`, path: 'data', message: queried.output.trim(), check: 'promtool-check-dashboards' });
  }

  const routed = await run('amtool', ['check-config', 'alertmanager.yaml'], { 'alertmanager.yaml': yaml(alertmanagerConfig(spec)) });
  if (routed.exitCode !== 0) {
    problems.push({ object: `Secret/${ns.monitoring}/${alertmanagerConfigSecret}`, path: 'stringData["alertmanager.yaml"]', message: routed.output.trim(), check: 'amtool-check-config' });
  }
  return problems;
}

function excerpt(output: string, alert: string): string {
  const at = output.indexOf(`alertname: ${alert}`);
  return output.slice(at, at + 400).replace(/\s+/g, ' ').trim();
}
