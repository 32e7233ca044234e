'use client';

import dynamic from 'next/dynamic';

/** The chart, fetched with recharts only when a page draws one, and drawn in the browser only. */
export const LazyMetricChart = dynamic(() => import('./metric-chart'), {
  ssr: false,
  loading: () => <div className="h-56 animate-pulse rounded-md bg-slate-100 dark:bg-slate-800" role="status" aria-label="Loading chart" />,
});
