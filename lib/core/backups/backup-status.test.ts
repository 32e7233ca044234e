import { describe, expect, it } from 'vitest';
import { starterSpec } from '../environments/starter-specs';
import type { LiveObject } from '../live/trim-live-object';
import { watchStatusFixture } from '../live/watch-status-fixture';
import { assessBackups } from './backup-status';

const now = new Date('2026-12-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const synced = watchStatusFixture({ synced: true });

function backup(name: string, labels: Record<string, string>, phase: string, completedMinutesAgo: number | null): LiveObject {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name, namespace: 'velero', uid: name, resourceVersion: '1', labels },
    status: { phase, ...(completedMinutesAgo === null ? {} : { completionTimestamp: minutesAgo(completedMinutesAgo) }) },
  };
}
const scheduled = (env: string) => ({ 'velero.io/schedule-name': `personapass-${env}` });

describe('an environment’s backups against its RPO', () => {
  const prod = starterSpec('prod', 'production');
  const dev = starterSpec('dev', 'development');

  it('is ok with a completed backup younger than the RPO (15 minutes in production)', () => {
    const status = assessBackups(prod, synced, [backup('personapass-prod-1', scheduled('prod'), 'Completed', 10)], now);
    expect(status).toMatchObject({ state: 'ok', rpoSeconds: 900, warning: null, lastSuccessful: { name: 'personapass-prod-1', ageSeconds: 600 } });
  });

  it('warns when the newest completed backup is older than the RPO, naming its age', () => {
    const status = assessBackups(prod, synced, [backup('old', scheduled('prod'), 'Completed', 40), backup('older', scheduled('prod'), 'Completed', 55)], now);
    expect(status.state).toBe('stale');
    expect(status.lastSuccessful?.name).toBe('old');
    expect(status.warning).toBe('The last successful backup of prod (old) completed 40 minutes ago, older than its RPO of 15 minutes');
  });

  it('gives other tiers 24 hours', () => {
    expect(assessBackups(dev, synced, [backup('d', scheduled('dev'), 'Completed', 23 * 60)], now).state).toBe('ok');
    expect(assessBackups(dev, synced, [backup('d', scheduled('dev'), 'Completed', 25 * 60)], now).warning).toContain('completed 25 hours ago, older than its RPO of 24 hours');
  });

  it('counts only Completed backups of this environment: failed ones and other environments’ do not make it fresh', () => {
    const backups = [backup('mine-old', scheduled('prod'), 'Completed', 60), backup('mine-failed', scheduled('prod'), 'PartiallyFailed', 2), backup('theirs', scheduled('staging'), 'Completed', 1), backup('running', scheduled('prod'), 'InProgress', null)];
    const status = assessBackups(prod, synced, backups, now);
    expect(status).toMatchObject({ state: 'stale', lastSuccessful: { name: 'mine-old' }, lastFailed: { name: 'mine-failed', phase: 'PartiallyFailed' } });
    expect(status.warning).toContain('the newest after it, mine-failed, ended PartiallyFailed');
  });

  it('finds backups labelled with the environment too (one made by hand from the Schedule)', () => {
    expect(assessBackups(prod, synced, [backup('manual', { 'personapass.dev/environment': 'prod' }, 'Completed', 1)], now).state).toBe('ok');
  });

  it('is stale with no successful backup at all', () => {
    expect(assessBackups(prod, synced, [], now)).toMatchObject({ state: 'stale', lastSuccessful: null, warning: 'No successful Velero backup of prod (Schedule personapass-prod in velero): its RPO is 15 minutes' });
  });

  it('is unknown, and says why, when the Backups cannot be read', () => {
    expect(assessBackups(prod, watchStatusFixture({ notServed: true }), [], now)).toMatchObject({ state: 'unknown', warning: expect.stringContaining('install Velero') });
    expect(assessBackups(prod, watchStatusFixture({ synced: false, error: 'forbidden: backups.velero.io' }), [], now)).toMatchObject({ state: 'unknown', warning: expect.stringContaining('forbidden: backups.velero.io') });
  });
});
