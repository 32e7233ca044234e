import type { ChartUnit } from '@/lib/core/metrics/metric-charts';
import type { MetricSeries } from '@/lib/core/metrics/metrics-source';

// What a chart draws, prepared on the server: one row per timestamp with a column per series, so
// the browser receives plain numbers and recharts only draws them.

export type ChartLine = { key: string; name: string };
export type ChartRow = { t: number } & Record<string, number>;
export type ChartRows = { lines: ChartLine[]; rows: ChartRow[] };

/** A series' name from its legend template (`{{destination_workload}} {{state}}`) and labels. */
export function legendName(template: string, labels: Record<string, string>): string {
  const name = template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, label: string) => labels[label] ?? '').trim().replace(/\s+/g, ' ');
  return name || 'value';
}

/** Series merged into rows by timestamp (Unix seconds, ascending); a series missing at a time leaves a gap. */
export function toChartRows(series: MetricSeries[], legend: string): ChartRows {
  const lines = series.map((s, i) => ({ key: `s${i}`, name: legendName(legend, s.labels) }));
  const byTime = new Map<number, ChartRow>();
  series.forEach((s, i) => {
    for (const [t, value] of s.points) {
      const row = byTime.get(t) ?? ({ t } as ChartRow);
      row[`s${i}`] = value;
      byTime.set(t, row);
    }
  });
  return { lines, rows: [...byTime.values()].sort((a, b) => a.t - b.t) };
}

const trim = (value: number, digits: number) => String(Number(value.toFixed(digits)));

/** A value with its unit, as tooltips and axes show it. */
export function formatValue(unit: ChartUnit, value: number): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'reqps':
      return `${trim(value, value < 10 ? 2 : 1)} req/s`;
    case 'ratio':
      return `${trim(value * 100, value < 0.1 ? 2 : 1)} %`;
    case 'ms':
      return value >= 1000 ? `${trim(value / 1000, 2)} s` : `${trim(value, value < 10 ? 2 : 0)} ms`;
    case 'cores':
      return value < 1 ? `${trim(value * 1000, 0)} mcores` : `${trim(value, 2)} cores`;
    case 'bytes': {
      const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
      let scaled = value;
      let i = 0;
      while (Math.abs(scaled) >= 1024 && i < units.length - 1) {
        scaled /= 1024;
        i += 1;
      }
      return `${trim(scaled, scaled < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
    }
    case 'count':
      return trim(value, 2);
  }
}

/** A time on the chart's axis: HH:MM within a day, the date too over longer ranges (UTC, as elsewhere). */
export function formatTick(seconds: number, spanSeconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return spanSeconds > 86_400 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

const tickIntervals = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Round times across a window for the axis (at most six), so every range reads the same way. */
export function timeTicks(start: number, end: number): number[] {
  const interval = tickIntervals.find((seconds) => (end - start) / seconds <= 6) ?? 86_400;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / interval) * interval; t <= end; t += interval) ticks.push(t);
  return ticks;
}
