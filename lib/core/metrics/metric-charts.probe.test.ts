// Review probe (SRE): the chart templates evaluated by Prometheus' own engine (promtool test rules)
// on series shaped as a real Istio sidecar exposes them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartDefinition, rangeWindow } from './metric-charts';

function promtool(expr: string, inputSeries: { series: string; values: string }[], expected: { labels: string; value: number }[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'probe-promql-'));
  writeFileSync(path.join(dir, 'rules.yml'), JSON.stringify({ groups: [] }));
  const test = { rule_files: ['rules.yml'], evaluation_interval: '15s', tests: [{ interval: '15s', input_series: inputSeries, promql_expr_test: [{ expr, eval_time: '10m', exp_samples: expected }] }] };
  writeFileSync(path.join(dir, 'test.yml'), JSON.stringify(test));
  try {
    return execFileSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `FAILED\n${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
}

describe('probe: error-ratio chart on a healthy service', () => {
  it('is 0, not "no data", when the sidecar has never seen a 5xx (Istio exports no response_code="5xx" series then)', () => {
    const { expr } = chartDefinition('error-ratio', { namespace: 'personapass-dev', component: 'wallet-api' }, rangeWindow('1h', Date.now()).rateWindow);
    const ok = 'istio_requests_total{reporter="destination",destination_workload_namespace="personapass-dev",destination_workload="wallet-api",response_code="200"}';
    const out = promtool(expr, [{ series: ok, values: '0+750x60' }], [{ labels: '{destination_workload="wallet-api"}', value: 0 }]);
    // HEAD: promtool reports the expression returned nothing (the 5xx numerator is an empty vector).
    expect(out).not.toContain('FAILED');
  });
});
