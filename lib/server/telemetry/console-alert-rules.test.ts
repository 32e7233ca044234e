import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runTool } from '@/lib/adapters/tools/run-tool';
import { consoleAlertRuleGroups } from './console-alert-rules';

// The console's own rules through Prometheus' engine (promtool test rules), on the gauge as two
// console replicas serve it (the same count from the database, each with its own instance label).

const drift = (instance: string, environment: string, values: string) => ({ series: `console_environment_drift_objects{environment="${environment}",instance="${instance}"}`, values });

async function promtool(inputSeries: object[], alerts: object[]): Promise<string> {
  const test = { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: inputSeries, alert_rule_test: alerts }] };
  const result = await runTool('promtool', ['test', 'rules', 'test.yaml'], { 'test.yaml': stringify(test, { lineWidth: 0 }), 'rules.yaml': stringify({ groups: consoleAlertRuleGroups }, { lineWidth: 0 }) });
  return result.output;
}

describe('PersonaPassEnvironmentDrift', () => {
  const series = [drift('console-a', 'prod', '0 0 2x20'), drift('console-b', 'prod', '0 0 2x20'), drift('console-a', 'dev', '0x22'), drift('console-b', 'dev', '0x22')];

  it('fires once per drifted environment after five minutes, whatever the replicas, and not for one in sync', async () => {
    const description = consoleAlertRuleGroups[0]!.rules[0]!.annotations.description!.replaceAll('{{ $labels.environment }}', 'prod');
    const out = await promtool(series, [
      { eval_time: '5m', alertname: 'PersonaPassEnvironmentDrift', exp_alerts: [] },
      { eval_time: '10m', alertname: 'PersonaPassEnvironmentDrift', exp_alerts: [{ exp_labels: { severity: 'warning', environment: 'prod' }, exp_annotations: { summary: 'prod differs from its last deploy in 2 object(s)', description } }] },
    ]);
    expect(out).toContain('SUCCESS');
  }, 30_000);

  it('stops when the next check finds it in sync again', async () => {
    const out = await promtool([drift('console-a', 'prod', '2x10 0x10')], [{ eval_time: '15m', alertname: 'PersonaPassEnvironmentDrift', exp_alerts: [] }]);
    expect(out).toContain('SUCCESS');
    // And the rule does fire on the same series while drifted (so the empty answer above means something).
    const before = await promtool([drift('console-a', 'prod', '2x10 0x10')], [{ eval_time: '8m', alertname: 'PersonaPassEnvironmentDrift', exp_alerts: [] }]);
    expect(before).not.toContain('SUCCESS');
  }, 30_000);
});
