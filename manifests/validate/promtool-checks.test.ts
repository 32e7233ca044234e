import { describe, expect, it } from 'vitest';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { prodSpec } from './fixtures';
import type { PlainObject } from './problem';
import { checkWithPromtool } from './promtool-checks';

// Runs the real promtool and amtool (Debian's prometheus and prometheus-alertmanager packages).
const objects = () => renderPlatform(prodSpec).map(toPlain) as PlainObject[];
const rules = (o: PlainObject[]) => o.find((x) => x.kind === 'PrometheusRule')?.spec.groups.flatMap((g: { rules: unknown[] }) => g.rules) as {
  alert: string;
  expr: string;
}[];

describe('promtool', () => {
  it('checks the rules, passes a unit test for every alert, and accepts dashboards and routing', async () => {
    expect(await checkWithPromtool(prodSpec, objects(), runTool)).toEqual([]);
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
