import { describe, expect, it } from 'vitest';
import { formatTick, formatValue, legendName, timeTicks, toChartRows } from './chart-data';

describe('chart data', () => {
  it('names a series from its legend template, leaving out labels it lacks', () => {
    expect(legendName('{{deployment}} {{state}}', { deployment: 'wallet-api', state: 'desired' })).toBe('wallet-api desired');
    expect(legendName('{{scaledObject}} {{metric}}', { scaledObject: 'credential-worker' })).toBe('credential-worker');
    expect(legendName('{{container}}', {})).toBe('value');
  });

  it('merges series into rows by time, ascending, with gaps where a series has no point', () => {
    const { lines, rows } = toChartRows(
      [
        { labels: { destination_workload: 'wallet-api' }, points: [[20, 2], [10, 1]] },
        { labels: { destination_workload: 'identity-service' }, points: [[20, 5]] },
      ],
      '{{destination_workload}}',
    );
    expect(lines).toEqual([{ key: 's0', name: 'wallet-api' }, { key: 's1', name: 'identity-service' }]);
    expect(rows).toEqual([{ t: 10, s0: 1 }, { t: 20, s0: 2, s1: 5 }]);
  });

  it('formats values with their units', () => {
    expect(formatValue('reqps', 49.96)).toBe('50 req/s');
    expect(formatValue('ratio', 0.0512)).toBe('5.12 %');
    expect(formatValue('ms', 61.4)).toBe('61 ms');
    expect(formatValue('ms', 1500)).toBe('1.5 s');
    expect(formatValue('cores', 0.3)).toBe('300 mcores');
    expect(formatValue('bytes', 200 * 1024 * 1024)).toBe('200 MiB');
    expect(formatValue('bytes', 1.5 * 1024 ** 3)).toBe('1.5 GiB');
    expect(formatValue('count', 7)).toBe('7');
    expect(formatValue('count', Number.NaN)).toBe('—');
  });

  it('shows the date on the axis only past a day', () => {
    expect(formatTick(Date.UTC(2026, 11, 2, 7, 5) / 1000, 3600)).toBe('07:05');
    expect(formatTick(Date.UTC(2026, 11, 2, 7, 5) / 1000, 7 * 86_400)).toBe('12-02 07:05');
  });

  it('puts at most six round times on the axis', () => {
    const end = Date.UTC(2026, 11, 2, 7, 42, 15) / 1000;
    const hour = timeTicks(end - 3600, end).map((t) => formatTick(t, 3600));
    expect(hour).toEqual(['06:50', '07:00', '07:10', '07:20', '07:30', '07:40']);
    expect(timeTicks(end - 900, end)).toHaveLength(3);
    const week = timeTicks(end - 7 * 86_400, end);
    expect(week.length).toBeLessThanOrEqual(7);
    expect(week.every((t) => t % 86_400 === 0)).toBe(true);
  });
});
