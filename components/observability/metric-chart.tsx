'use client';

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { ChartUnit } from '@/lib/core/metrics/metric-charts';
import { formatTick, formatValue, timeTicks, type ChartLine, type ChartRow } from './chart-data';

// The one place recharts is imported; loaded lazily (metric-chart-lazy.tsx), drawn in the browser
// only, so its inline styles are set through the DOM and the page's CSP never meets them.

export type ChartMarker = { t: number; label: string; title: string; href: string; failed: boolean };

export type MetricChartProps = {
  title: string;
  unit: ChartUnit;
  lines: ChartLine[];
  rows: ChartRow[];
  markers: ChartMarker[];
  start: number;
  end: number;
};

// Mid-tone colours that read on the light and the dark background alike.
const palette = ['#0ea5e9', '#10b981', '#f59e0b', '#8b5cf6', '#f43f5e', '#14b8a6', '#6366f1', '#84cc16'];

function ChartTooltip({ active, payload, label, unit, span }: TooltipContentProps<number, string> & { unit: ChartUnit; span: number }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
      <p className="mb-1 font-medium">{formatTick(Number(label), span)} UTC</p>
      <ul className="space-y-0.5">
        {payload.map((item) => (
          <li key={String(item.dataKey)} className="flex items-center gap-2">
            <svg aria-hidden="true" width="8" height="8" className="shrink-0">
              <rect width="8" height="8" rx="2" fill={item.color} />
            </svg>
            <span>{item.name}</span>
            <span className="ml-auto pl-3 font-mono">{formatValue(unit, Number(item.value))}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A deploy run on the chart: a labelled line whose label links to the run. */
function MarkerLabel({ viewBox, marker }: { viewBox?: { x?: number; y?: number }; marker: ChartMarker }) {
  const x = (viewBox?.x ?? 0) + 3;
  const y = (viewBox?.y ?? 0) + 10;
  return (
    <a href={marker.href} aria-label={marker.title} className="deploy-marker">
      <title>{marker.title}</title>
      <text x={x} y={y} fontSize={10} className={marker.failed ? 'fill-red-600 dark:fill-red-400' : 'fill-violet-700 dark:fill-violet-300'}>
        {marker.label}
      </text>
    </a>
  );
}

export default function MetricChart({ title, unit, lines, rows, markers, start, end }: MetricChartProps) {
  const span = end - start;
  const last = rows.at(-1);
  const summary = lines.map((line) => `${line.name} ${last?.[line.key] === undefined ? 'no value' : formatValue(unit, last[line.key]!)}`).join(', ');
  return (
    <figure className="h-56 text-slate-500 dark:text-slate-400" aria-label={`${title}: latest ${summary}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 14, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.25} vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[start, end]}
            ticks={timeTicks(start, end)}
            tickFormatter={(t: number) => formatTick(t, span)}
            stroke="currentColor"
            tick={{ fill: 'currentColor', fontSize: 11 }}
            minTickGap={24}
          />
          <YAxis width={72} stroke="currentColor" tick={{ fill: 'currentColor', fontSize: 11 }} tickFormatter={(v: number) => formatValue(unit, v)} />
          <Tooltip content={(props) => <ChartTooltip {...(props as TooltipContentProps<number, string>)} unit={unit} span={span} />} />
          {lines.length > 1 ? <Legend iconSize={8} formatter={(value: string) => <span className="text-xs text-slate-700 dark:text-slate-300">{value}</span>} /> : null}
          {lines.map((line, i) => (
            <Line key={line.key} dataKey={line.key} name={line.name} type="monotone" dot={false} strokeWidth={1.75} stroke={palette[i % palette.length]} isAnimationActive={false} connectNulls={false} />
          ))}
          {markers.map((marker) => (
            <ReferenceLine
              key={`${marker.href}-${marker.t}`}
              x={marker.t}
              stroke={marker.failed ? '#dc2626' : '#7c3aed'}
              strokeDasharray="4 3"
              ifOverflow="hidden"
              label={<MarkerLabel marker={marker} />}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
