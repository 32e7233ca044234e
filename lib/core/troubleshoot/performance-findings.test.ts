import { describe, expect, it } from 'vitest';
import { starterSpec } from '../environments/starter-specs';
import { alertDefinitions } from '@/manifests/monitoring/alert-rules';
import { performanceFindings, performanceQuery, performanceThresholds } from './performance-findings';

const limits = { cpu: '1', memory: '2Gi' };

describe('performanceFindings', () => {
  it('finds nothing under the thresholds or without data', () => {
    expect(performanceFindings({ component: 'wallet-api', values: { p95LatencyMs: 120, errorRatio: 0.002, cpuOfLimit: 0.3, memoryOfLimit: 0.2 }, limits })).toEqual([]);
    expect(performanceFindings({ component: 'wallet-api', values: {}, limits })).toEqual([]);
  });

  it('compares each measure with its alert threshold', () => {
    const findings = performanceFindings({ component: 'wallet-api', values: { p95LatencyMs: 830, errorRatio: 0.08, cpuOfLimit: 0.95, memoryOfLimit: 0.99 }, limits });
    expect(findings.map((f) => [f.severity, f.what])).toEqual([
      ['problem', "wallet-api's p95 latency is 830 ms, above the alert threshold of 500 ms"],
      ['problem', "8% of wallet-api's requests fail with 5xx, above the 5% alert threshold"],
      ['warning', 'wallet-api uses 95% of its CPU limit: it is being throttled'],
      ['problem', 'wallet-api uses 99% of its memory limit: it will be OOM-killed if it grows'],
    ]);
    expect(performanceFindings({ component: 'wallet-api', values: { errorRatio: 0.02 }, limits })[0]!.severity).toBe('warning');
  });

  it('uses the thresholds of the platform alert rules', () => {
    const rules = Object.fromEntries(alertDefinitions(starterSpec('dev', 'development')).map((rule) => [rule.alert, rule.expr]));
    expect(rules.PersonaPassHighLatencyP95).toMatch(new RegExp(`> ${performanceThresholds.p95LatencyMs}$`));
    expect(rules.PersonaPassHighErrorRate).toMatch(new RegExp(`> ${performanceThresholds.errorRatioCritical}$`));
    expect(rules.PersonaPassElevatedErrorRate).toMatch(new RegExp(`> ${performanceThresholds.errorRatioWarning}$`));
    expect(rules.PersonaPassHighCpuUsage).toMatch(new RegExp(`> ${performanceThresholds.cpuOfLimit}$`));
    expect(rules.PersonaPassHighMemoryUsage).toMatch(new RegExp(`> ${performanceThresholds.memoryOfLimit}$`));
  });

  it('escapes label values in its queries', () => {
    expect(performanceQuery('memoryOfLimit', 'a"b', 'wallet-api')).toContain('namespace="a\\"b"');
  });
});
