import { describe, expect, it } from 'vitest';
import { backupsToPrune, type RetainedBackup } from './retention';

const now = new Date('2026-12-02T12:00:00Z');
const every15Minutes = (count: number, status: RetainedBackup['status'] = 'verified'): RetainedBackup[] =>
  Array.from({ length: count }, (_, index) => ({ id: `b${index}`, createdAt: new Date(now.getTime() - index * 15 * 60_000), status }));

describe('backup retention', () => {
  it('keeps the newest 96 and the newest of each of the last 30 days', () => {
    const backups = every15Minutes(96 * 40);
    const pruned = new Set(backupsToPrune(backups, { recent: 96, daily: 30 }, now).map((backup) => backup.id));
    const kept = backups.filter((backup) => !pruned.has(backup.id));
    expect(kept.slice(0, 96)).toEqual(backups.slice(0, 96));
    const olderKept = kept.slice(96);
    // The last 24 hours are 96 backups; the 28 older days of the last 30 keep their newest backup each (today and yesterday are within the 96).
    expect(olderKept).toHaveLength(28);
    expect(new Set(olderKept.map((backup) => backup.createdAt.toISOString().slice(0, 10))).size).toBe(28);
    for (const backup of olderKept) expect(backup.createdAt.toISOString().slice(11)).toBe('23:45:00.000Z');
    expect(olderKept.at(-1)!.createdAt.toISOString().slice(0, 10)).toBe('2026-11-03');
  });

  it('never deletes a backup being taken, and does not let failures push out verified ones', () => {
    const backups = [...every15Minutes(3, 'failed'), { id: 'running', createdAt: new Date(0), status: 'running' as const }, { id: 'queued', createdAt: new Date(1), status: 'queued' as const }, { id: 'ok', createdAt: new Date(now.getTime() - 3600_000 * 24 * 60), status: 'verified' as const }];
    expect(backupsToPrune(backups, { recent: 2, daily: 1 }, now).map((backup) => backup.id)).toEqual(['b2']);
    expect(backupsToPrune(backups, { recent: 3, daily: 1 }, now)).toEqual([]);
  });
});
