import { describe, expect, it } from 'vitest';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { prodSpec } from './fixtures';
import type { PlainObject } from './problem';
import { parse, stringify } from 'yaml';
import { alertmanagerConfig } from '../monitoring/alertmanager-config';
import { alertsAsSent, promtoolTestFile } from '../monitoring/promtool-tests';
import { checkWithPromtool, unitTestRuns } from './promtool-checks';

// Runs the real promtool (Debian's prometheus package) and amtool (built at the rendered Alertmanager's
// version: scripts/stack/build-binaries.sh alertmanager).
const objects = () => renderPlatform(prodSpec).map(toPlain) as PlainObject[];
const rules = (o: PlainObject[]) => o.find((x) => x.kind === 'PrometheusRule')?.spec.groups.flatMap((g: { rules: unknown[] }) => g.rules) as {
  alert: string;
  expr: string;
}[];

describe('promtool', () => {
  it('runs every alert’s unit test exactly once, against a rule file holding that alert, in at most two processes', () => {
    const groups = objects().find((x) => x.kind === 'PrometheusRule')!.spec.groups as Array<{ name: string; rules: Array<{ alert?: string }> }>;
    const testFile = promtoolTestFile(prodSpec, 'rules.yaml', objects());
    const runs = unitTestRuns(groups, testFile, 'unused');
    expect(runs.length).toBe(2);
    const ran: string[] = [];
    for (const files of runs) {
      for (const [name, content] of Object.entries(files).filter(([file]) => file.startsWith('tests'))) {
        const file = parse(content) as { rule_files: string[]; tests: Array<{ alert_rule_test: Array<{ alertname: string }> }> };
        const rulesOf = parse(files[file.rule_files[0]!]!) as { groups: Array<{ rules: Array<{ alert?: string }> }> };
        const alerts = rulesOf.groups.flatMap((g) => g.rules.map((r) => r.alert));
        for (const test of file.tests) {
          const alert = test.alert_rule_test[0]!.alertname;
          expect(alerts, `${name} tests ${alert}`).toContain(alert);
          ran.push(alert);
        }
        // Fewer rules than the whole file: the point of grouping.
        expect(alerts.length).toBeLessThan(groups.flatMap((g) => g.rules).length);
      }
    }
    expect(ran.sort()).toEqual(testFile.tests.map((t) => t.alert_rule_test[0]!.alertname).sort());
  });


  it('checks the rules, passes a unit test for every alert, and accepts dashboards and routing', async () => {
    expect(await checkWithPromtool(prodSpec, objects(), runTool)).toEqual([]);
  }, 60_000);

  it('fails the KEDA alerts when the keda-operator monitor lets the target namespace replace KEDA’s own', async () => {
    const broken = objects();
    const keda = broken.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'keda-operator');
    if (!keda) throw new Error('no keda-operator ServiceMonitor');
    delete keda.spec.endpoints[0].honorLabels;
    const failed = (await checkWithPromtool(prodSpec, broken, runTool)).map((p) => p.message.match(/unit test of (\w+)/)?.[1]);
    // KEDA's series land as namespace="keda", exported_namespace=<app>: the absence alert fires for
    // ever, the inactive-scaler alert can never fire.
    expect(failed.sort()).toEqual(['PersonaPassAutoscalerMetricsMissing', 'PersonaPassQueueScalerInactiveWithBacklog']);
  }, 60_000);

  it('fails the pod alerts when the kubelet and kube-state-metrics monitors do not honour the pod’s labels', async () => {
    const broken = objects();
    for (const name of ['kubelet-cadvisor', 'kube-state-metrics']) {
      const monitor = broken.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === name);
      if (!monitor) throw new Error(`no ${name} ServiceMonitor`);
      delete monitor.spec.endpoints[0].honorLabels;
    }
    const failed = new Set((await checkWithPromtool(prodSpec, broken, runTool)).map((p) => p.message.match(/unit test of (\w+)/)?.[1]));
    for (const alert of ['PersonaPassHighCpuUsage', 'PersonaPassHighMemoryUsage', 'PersonaPassDeploymentDown', 'PersonaPassAutoscalerAtMaximum']) {
      expect(failed, alert).toContain(alert);
    }
  }, 60_000);

  it('fails the routing test of every critical alert when production stops paging', async () => {
    const spec = structuredClone(prodSpec);
    const routing = alertmanagerConfig(spec);
    routing.route.routes = routing.route.routes.filter((r) => r.receiver !== 'pagerduty');
    const problems = await checkWithPromtool(spec, objects(), (tool, args, files) =>
      runTool(tool, args, files['alertmanager.yaml'] ? { ...files, 'alertmanager.yaml': stringify(routing) } : files),
    );
    const critical = alertsAsSent(prodSpec, objects()).filter((a) => a.severity === 'critical').map((a) => a.alertname);
    expect(critical.length).toBeGreaterThan(5);
    expect(problems.map((p) => p.check)).toEqual(critical.map(() => 'amtool-routes-test'));
    expect(problems[0]).toMatchObject({ object: 'Secret/personapass-prod-monitoring/alertmanager-personapass', path: 'stringData["alertmanager.yaml"].route' });
    expect(problems[0]?.message).toMatch(/^PersonaPass\w+ reaches slack-prod, not pagerduty,slack-prod$/);
  }, 60_000);

  it('fails the unit test of an alert whose expression is broken', async () => {
    const broken = objects();
    const rule = rules(broken).find((r) => r.alert === 'PersonaPassHighErrorRate');
    if (!rule) throw new Error('no PersonaPassHighErrorRate');
    rule.expr = rule.expr.replace('> 0.05', '> 0.5');
    const problems = await checkWithPromtool(prodSpec, broken, runTool);
    expect(problems).toContainEqual(
      expect.objectContaining({ check: 'promtool-test-rules', object: 'PrometheusRule/personapass-prod-monitoring/personapass-alerts', path: 'spec.groups[0].rules[0]' }),
    );
  }, 60_000);

  it('fails the unit test when an alert reads a metric that does not exist', async () => {
    const broken = objects();
    const rule = rules(broken).find((r) => r.alert === 'PersonaPassPodCrashLooping');
    if (!rule) throw new Error('no PersonaPassPodCrashLooping');
    rule.expr = rule.expr.replace('kube_pod_container_status_restarts_total', 'kube_pod_container_restarts_total');
    const problems = await checkWithPromtool(prodSpec, broken, runTool);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/PersonaPassPodCrashLooping/);
  }, 60_000);

  it('reports a rule that does not parse', async () => {
    const broken = objects();
    const first = rules(broken)[0];
    if (!first) throw new Error('no rules');
    first.expr = 'sum(rate(istio_requests_total[5m]';
    const problems = await checkWithPromtool(prodSpec, broken, runTool);
    expect(problems).toContainEqual(expect.objectContaining({ check: 'promtool-check-rules' }));
  }, 60_000);
});
