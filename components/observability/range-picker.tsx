import Link from 'next/link';
import { metricRanges, type MetricRange } from '@/lib/core/metrics/metric-charts';
import { cx } from '@/components/ui/cx';

const rangeNames: Record<MetricRange, string> = { '15m': 'last 15 minutes', '1h': 'last hour', '6h': 'last 6 hours', '24h': 'last 24 hours', '7d': 'last 7 days' };

/** `path?query` with `changes` applied (undefined removes a key). */
export function hrefWith(path: string, query: Record<string, string | undefined>, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) if (value !== undefined) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The chart range as links that change the URL's `range` (and keep its other parameters): plain
 * links, so Tab and Enter choose one, the browser's history keeps each, and no script is needed.
 */
export function RangePicker({ range, path, query }: { range: MetricRange; path: string; query: Record<string, string | undefined> }) {
  return (
    <nav aria-label="Time range">
      <ul className="inline-flex overflow-hidden rounded-md border border-slate-300 text-sm dark:border-slate-700">
        {metricRanges.map((value) => (
          <li key={value} className="border-l border-slate-300 first:border-l-0 dark:border-slate-700">
            <Link
              href={hrefWith(path, query, { range: value })}
              scroll={false}
              aria-current={value === range ? 'true' : undefined}
              aria-label={`${value}, ${rangeNames[value]}`}
              className={cx(
                'block px-3 py-1.5 font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600',
                value === range ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'bg-white text-slate-700 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800',
              )}
            >
              {value}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
