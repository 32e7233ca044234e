import { describe, expect, it } from 'vitest';
import { type AlertView, componentOf, copiesInAlertmanager, countByComponent, sortAlerts } from './alerts';

const alert = (over: Partial<AlertView>): AlertView => ({
  name: 'A', state: 'firing', severity: 'warning', component: null, since: '2026-12-01T10:00:00Z', summary: '', runbookUrl: null, labels: {}, silencedBy: [], inhibited: false, ...over,
});

describe('alerts', () => {
  it('finds the component in the label each rule names it by, ignoring workloads that are not components', () => {
    expect(componentOf({ destination_workload: 'wallet-api' })).toBe('wallet-api');
    expect(componentOf({ namespace: 'personapass-dev', deployment: 'credential-worker' })).toBe('credential-worker');
    expect(componentOf({ container: 'identity-service', pod: 'identity-service-1' })).toBe('identity-service');
    expect(componentOf({ deployment: 'redis' })).toBeNull();
    expect(componentOf({ job: 'kubelet' })).toBeNull();
  });

  it('counts firing and pending per component, every component listed', () => {
    const counts = countByComponent([alert({ component: 'wallet-api' }), alert({ component: 'wallet-api', state: 'pending' }), alert({})]);
    expect(counts).toEqual({ 'identity-service': { firing: 0, pending: 0 }, 'wallet-api': { firing: 1, pending: 1 }, 'credential-worker': { firing: 0, pending: 0 } });
  });

  it('puts firing before pending, critical before warning, older first', () => {
    const sorted = sortAlerts([
      alert({ name: 'pending', state: 'pending', severity: 'critical' }),
      alert({ name: 'warn' }),
      alert({ name: 'crit-new', severity: 'critical', since: '2026-12-01T11:00:00Z' }),
      alert({ name: 'crit-old', severity: 'critical' }),
    ]);
    expect(sorted.map((a) => a.name)).toEqual(['crit-old', 'crit-new', 'warn', 'pending']);
  });

  it('finds Alertmanager’s copy of an alert with the external labels Prometheus adds when sending it', () => {
    const evaluated = { alertname: 'HighErrorRate', severity: 'critical', environment: 'prod', destination_workload: 'wallet-api' };
    const external = { cluster: 'prod-eu', prometheus: 'personapass-prod-monitoring/personapass' };
    const sent = [
      { id: 'copy', labels: { ...evaluated, ...external } },
      { id: 'other workload', labels: { ...evaluated, destination_workload: 'identity-service', ...external } },
      { id: 'other alert', labels: { ...evaluated, alertname: 'HighLatency', ...external } },
    ];
    expect(copiesInAlertmanager(evaluated, sent).map((a) => a.id)).toEqual(['copy']);
    // Label order does not matter; an exact copy wins over one with more labels.
    const exact = { id: 'exact', labels: { destination_workload: 'wallet-api', environment: 'prod', severity: 'critical', alertname: 'HighErrorRate' } };
    expect(copiesInAlertmanager(evaluated, [...sent, exact]).map((a) => a.id)).toEqual(['exact']);
    expect(copiesInAlertmanager({ alertname: 'Absent' }, sent)).toEqual([]);
  });
});
