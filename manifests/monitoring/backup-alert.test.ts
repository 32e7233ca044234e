import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EnvironmentSpec, Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';
import { unitTestRuns } from '../validate/promtool-checks';
import { toYaml } from '../yaml-text';
import { alertDefinitions } from './alert-rules';
import { promtoolTestFile } from './promtool-tests';
import { ruleGroups } from './prometheus-rule';
import { scrapedLabels } from './scrape';

// Velero's last successful backup per Schedule against the tier's RPO: the same threshold the
// console's backup panel warns at (recovery-objectives.ts). promtool runs the alert's own tests here
// (and with every other alert in validate/promtool-checks.test.ts, which also needs amtool).
const dir = mkdtempSync(join(tmpdir(), 'pp-backup-alert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const alertOf = (tier: Tier, name = 'env') => alertDefinitions(starterSpec(name, tier)).find((a) => a.alert === 'PersonaPassBackupOlderThanRpo')!;

describe('the backup alert', () => {
  it.each([
    ['production', 900, 'critical'],
    ['staging', 86_400, 'warning'],
    ['development', 86_400, 'warning'],
  ] as [Tier, number, string][])('%s: fires when its Schedule’s last success is older than %i seconds, as %s', (tier, rpo, severity) => {
    const alert = alertOf(tier);
    expect(alert.expr).toBe(`time() - velero_backup_last_successful_timestamp{schedule="personapass-env"} > ${rpo}`);
    expect(alert.severity).toBe(severity);
  });

  it('reads series the velero monitor keeps: this environment’s Schedule, not the cluster’s others', () => {
    const spec = starterSpec('prod', 'production');
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const series = (schedule: string) => ({ scrape: 'velero', metric: 'velero_backup_last_successful_timestamp', labels: { schedule }, values: '0' });
    expect(scrapedLabels(objects, series('personapass-prod'))).toMatchObject({ namespace: 'velero', job: 'velero', schedule: 'personapass-prod' });
    expect(scrapedLabels(objects, series('personapass-staging'))).toBeUndefined();
  });

  it.each(['production', 'development'] as Tier[])('%s: passes its promtool unit tests (fires after the RPO without a success, quiet with one every 5 minutes)', (tier) => {
    const spec = starterSpec(`bk-${tier}`, tier);
    const { tests } = backupTests(spec);
    expect(tests.map((t) => t.alert_rule_test[0]!.exp_alerts.length)).toEqual([1, 0]);
    expect(promtool(spec, tests)).toContain('SUCCESS');
  });

  it('fails its promtool test when the threshold is wrong (the test can fail)', () => {
    const spec = starterSpec('bk-broken', 'development');
    const { tests } = backupTests(spec);
    expect(() => promtool(spec, tests, (expr) => expr.replace('> 86400', '> 864000'))).toThrow(/FAILED/);
  });
});

/** The alert's tests as a plan's checks make them (promtool-tests.ts). */
function backupTests(spec: EnvironmentSpec) {
  const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
  const file = promtoolTestFile(spec, 'rules.yaml', objects);
  return { ...file, tests: file.tests.filter((t) => t.alert_rule_test.every((r) => r.alertname === 'PersonaPassBackupOlderThanRpo')) };
}

/** Runs them as the plan's check does (unitTestRuns: the alert's group alone, evaluated at its tests' interval). */
function promtool(spec: EnvironmentSpec, tests: ReturnType<typeof backupTests>['tests'], changeExpr: (expr: string) => string = (e) => e): string {
  const groups = ruleGroups(spec).map((g) => ({ ...g, rules: g.rules.map((r) => ({ ...r, expr: changeExpr(r.expr) })) }));
  const file = { ...backupTests(spec), tests };
  const outputs: string[] = [];
  for (const files of unitTestRuns(groups, file, toYaml({ groups }))) {
    const runDir = mkdtempSync(join(dir, 'run-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(runDir, name), text);
    const testFiles = Object.keys(files).filter((name) => name.startsWith('tests'));
    outputs.push(execFileSync('promtool', ['test', 'rules', ...testFiles], { cwd: runDir, encoding: 'utf8', stdio: 'pipe' }));
  }
  return outputs.join('\n');
}
