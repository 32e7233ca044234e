import type { ReactNode } from 'react';

/** A part of the page whose source failed: says so and why; the rest of the page is unaffected. */
export function Unavailable({ reason, children }: { reason: string; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-unavailable="">
      <p>
        <span className="font-semibold">unavailable:</span> {reason}
      </p>
      {children}
    </div>
  );
}

/** Nothing to show in the window, which is not a failure. */
export function NoData({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">{children}</p>;
}
