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

  // The tools run at once, and the alerts' unit tests in two halves (two cores): a plan waits for
  // the slowest, and `promtool test rules` alone takes seconds.
  const testFile = promtoolTestFile(spec, 'rules.yaml');
  const half = Math.ceil(testFile.tests.length / 2);
  const testHalves = [testFile.tests.slice(0, half), testFile.tests.slice(half)].filter((tests) => tests.length > 0);
  const dashboards = dashboardDefinitions(spec);
  // Dashboard queries, checked as recording rules: a typo in a panel fails here, not on a wall screen.
  const queries = yaml({
    groups: dashboards.map((d) => ({ name: d.uid, rules: d.panels.map((p, i) => ({ record: `dashboard:panel_${i + 1}`, expr: p.expr })) })),
  });
  const [checked, queried, routed, ...tested] = await Promise.all([
    run('promtool', ['check', 'rules', 'rules.yaml'], { 'rules.yaml': rulesFile }),
    run('promtool', ['check', 'rules', 'dashboards.yaml'], { 'dashboards.yaml': queries }),
    run('amtool', ['check-config', 'alertmanager.yaml'], { 'alertmanager.yaml': yaml(alertmanagerConfig(spec)) }),
    ...testHalves.map((tests) => run('promtool', ['test', 'rules', 'tests.yaml'], { 'rules.yaml': rulesFile, 'tests.yaml': yaml({ ...testFile, tests }) })),
  ]);

  if (checked!.exitCode !== 0) problems.push({ object: ruleId, path: 'spec.groups', message: checked!.output.trim(), check: 'promtool-check-rules' });
  for (const result of tested) {
    if (result.exitCode === 0) continue;
    const failed = [...new Set([...result.output.matchAll(/alertname: ?([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? ''))];
    if (failed.length === 0) problems.push({ object: ruleId, path: 'spec.groups', message: result.output.trim(), check: 'promtool-test-rules' });
    for (const alert of failed) {
      problems.push({ object: ruleId, path: ruleLocation(rule, alert), message: `unit test of ${alert} failed: ${excerpt(result.output, alert)}`, check: 'promtool-test-rules' });
    }
  }
  if (queried!.exitCode !== 0) {
    problems.push({ object: `ConfigMap/${ns.monitoring}/dashboards`, path: 'data', message: queried!.output.trim(), check: 'promtool-check-dashboards' });
  }
  if (routed!.exitCode !== 0) {
    problems.push({ object: `Secret/${ns.monitoring}/${alertmanagerConfigSecret}`, path: 'stringData["alertmanager.yaml"]', message: routed!.output.trim(), check: 'amtool-check-config' });
  }
  return problems;
}

function excerpt(output: string, alert: string): string {
  const at = output.indexOf(`alertname: ${alert}`);
  return output.slice(at, at + 400).replace(/\s+/g, ' ').trim();
}
