import { mapWithLimit } from '@/lib/core/concurrency';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { alertmanagerConfig, alertmanagerConfigSecret, intendedReceivers } from '../monitoring/alertmanager-config';
import { dashboardDefinitions } from '../monitoring/dashboards';
import { prometheusRuleName } from '../monitoring/prometheus-rule';
import { alertsAsSent, promtoolTestFile } from '../monitoring/promtool-tests';
import { namespacesOf } from '../names';
import { toYaml } from '../yaml-text';
import type { PlainObject, Problem } from './problem';
import type { ToolRunner } from './tool-runner';

function ruleLocation(rule: PlainObject | undefined, alert: string): string {
  const groups: { rules: { alert?: string }[] }[] = rule?.spec?.groups ?? [];
  for (const [g, group] of groups.entries()) {
    const r = group.rules.findIndex((x) => x.alert === alert);
    if (r !== -1) return `spec.groups[${g}].rules[${r}]`;
  }
  return 'spec.groups';
}

/** `promtool check rules` and `promtool test rules` on the rendered PrometheusRule (one unit test per
 *  alert), `promtool check rules` on every dashboard query, `amtool check-config` on the routing and
 *  `amtool config routes test` of every alert's labels against the receivers it is meant for. */
export async function checkWithPromtool(spec: EnvironmentSpec, objects: readonly PlainObject[], run: ToolRunner): Promise<Problem[]> {
  const ns = namespacesOf(spec);
  const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === prometheusRuleName);
  if (!rule) return [];
  const ruleId = `PrometheusRule/${ns.monitoring}/${prometheusRuleName}`;
  const problems: Problem[] = [];
  const rulesFile = toYaml({ groups: rule.spec?.groups ?? [] });

  // The tools run at once; the alerts' unit tests run each against its own rule group only (a third
  // of the rule evaluations of testing against every rule), spread over two promtool processes (two
  // cores): a plan waits for the slowest, and `promtool test rules` is the slowest check by far.
  const testRuns = unitTestRuns(rule.spec?.groups ?? [], promtoolTestFile(spec, 'rules.yaml', objects), rulesFile);
  const dashboards = dashboardDefinitions(spec);
  // Dashboard queries, checked as recording rules: a typo in a panel fails here, not on a wall screen.
  const queries = toYaml({
    groups: dashboards.map((d) => ({ name: d.uid, rules: d.panels.map((p, i) => ({ record: `dashboard:panel_${i + 1}`, expr: p.expr })) })),
  });
  const routing = { 'alertmanager.yaml': toYaml(alertmanagerConfig(spec)) };
  // Every alert, with the labels Alertmanager receives when its unit test fires, through the routing
  // tree: it must reach exactly the receivers it is meant for (amtool is quick, ~20 ms a run).
  // A few at a time: forty amtool processes at once only fight the promtool runs for the cores.
  const routeTests = () => mapWithLimit(alertsAsSent(spec, objects), 4, async (alert) => {
    const expected = intendedReceivers(spec, alert).join(',');
    const labels = Object.entries(alert).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const result = await run('amtool', ['config', 'routes', 'test', '--config.file=alertmanager.yaml', `--verify.receivers=${expected}`, ...labels], routing);
    return { alert: alert.alertname ?? '', expected, result };
  });
  const [[checked, queried, routed, ...tested], routes] = await Promise.all([
    Promise.all([
      run('promtool', ['check', 'rules', 'rules.yaml'], { 'rules.yaml': rulesFile }),
      run('promtool', ['check', 'rules', 'dashboards.yaml'], { 'dashboards.yaml': queries }),
      run('amtool', ['check-config', 'alertmanager.yaml'], routing),
      ...testRuns.map((files) => run('promtool', ['test', 'rules', ...Object.keys(files).filter((name) => name.startsWith('tests'))], files)),
    ]),
    routeTests(),
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
  const secretId = `Secret/${ns.monitoring}/${alertmanagerConfigSecret}`;
  if (routed!.exitCode !== 0) {
    problems.push({ object: secretId, path: 'stringData["alertmanager.yaml"]', message: routed!.output.trim(), check: 'amtool-check-config' });
  } else {
    for (const { alert, expected, result } of routes) {
      if (result.exitCode === 0) continue;
      const resolved = result.output.split('\n').find((line) => line.trim() && !/^(Warning|WARNING)/.test(line))?.trim() ?? result.output.trim();
      problems.push({ object: secretId, path: 'stringData["alertmanager.yaml"].route', message: `${alert} reaches ${resolved}, not ${expected}`, check: 'amtool-routes-test' });
    }
  }
  return problems;
}

type RuleGroup = { name: string; rules: Array<{ alert?: string; record?: string }> };
type TestFile = ReturnType<typeof promtoolTestFile>;

/**
 * The unit tests as files for (at most) two promtool processes: each test with the rule group of the
 * alert it tests (and every group holding recording rules, which any alert may read), so promtool
 * evaluates a few rules per step instead of all; a test of an alert no group holds runs against
 * every rule. The processes get about as many tests each.
 */
export function unitTestRuns(groups: RuleGroup[], testFile: TestFile, rulesFile: string): Array<Record<string, string>> {
  const recording = groups.filter((group) => group.rules.some((r) => r.record));
  const buckets = new Map<string, { rules: string; tests: TestFile['tests'] }>();
  for (const test of testFile.tests) {
    const alert = test.alert_rule_test?.[0]?.alertname;
    const group = groups.find((g) => g.rules.some((r) => r.alert && r.alert === alert));
    const key = group?.name ?? '*';
    const bucket = buckets.get(key) ?? { rules: group ? toYaml({ groups: [...new Set([group, ...recording])] }) : rulesFile, tests: [] };
    bucket.tests.push(test);
    buckets.set(key, bucket);
  }
  const runs: Array<{ files: Record<string, string>; tests: number }> = [{ files: {}, tests: 0 }, { files: {}, tests: 0 }];
  [...buckets.values()].sort((a, b) => b.tests.length - a.tests.length).forEach((bucket, index) => {
    const target = runs[0]!.tests <= runs[1]!.tests ? runs[0]! : runs[1]!;
    target.files[`rules-${index}.yaml`] = bucket.rules;
    // A group's tests share their interval (an alert with its own is alone in its group): promtool
    // evaluates the rules at it.
    const evaluationInterval = bucket.tests[0]?.interval ?? testFile.evaluation_interval;
    if (bucket.tests.some((test) => test.interval !== evaluationInterval)) throw new Error(`promtool: the tests of one rule group need one interval (rules-${index}.yaml)`);
    target.files[`tests-${index}.yaml`] = toYaml({ ...testFile, evaluation_interval: evaluationInterval, rule_files: [`rules-${index}.yaml`], tests: bucket.tests });
    target.tests += bucket.tests.length;
  });
  return runs.filter((r) => r.tests > 0).map((r) => r.files);
}

function excerpt(output: string, alert: string): string {
  const at = output.indexOf(`alertname: ${alert}`);
  return output.slice(at, at + 400).replace(/\s+/g, ' ').trim();
}
