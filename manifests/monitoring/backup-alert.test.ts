import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import type { PlainObject } from '../validate/problem';
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
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const rules = join(dir, `${tier}-rules.yaml`);
    const tests = join(dir, `${tier}-tests.yaml`);
    writeFileSync(rules, toYaml({ groups: ruleGroups(spec).filter((g) => g.name === 'personapass-backups') }));
    const file = promtoolTestFile(spec, rules, objects);
    const mine = file.tests.filter((t) => t.alert_rule_test.every((r) => r.alertname === 'PersonaPassBackupOlderThanRpo'));
    expect(mine.length).toBe(2);
    expect(mine[0]!.input_series.length).toBe(1);
    writeFileSync(tests, toYaml({ ...file, tests: mine }));
    expect(execFileSync('promtool', ['test', 'rules', tests], { encoding: 'utf8' })).toContain('SUCCESS');
  });

  it('fails its promtool test when the threshold is wrong (the test can fail)', () => {
    const spec = starterSpec('bk-broken', 'development');
    const objects = renderPlatform(spec).map(toPlain) as PlainObject[];
    const rules = join(dir, 'broken-rules.yaml');
    const tests = join(dir, 'broken-tests.yaml');
    const groups = ruleGroups(spec).filter((g) => g.name === 'personapass-backups');
    groups[0]!.rules[0]!.expr = groups[0]!.rules[0]!.expr.replace('> 86400', '> 864000');
    writeFileSync(rules, toYaml({ groups }));
    const file = promtoolTestFile(spec, rules, objects);
    writeFileSync(tests, toYaml({ ...file, tests: file.tests.filter((t) => t.alert_rule_test.every((r) => r.alertname === 'PersonaPassBackupOlderThanRpo')) }));
    expect(() => execFileSync('promtool', ['test', 'rules', tests], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/FAILED/);
  });
});
