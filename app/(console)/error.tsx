'use client';

import { Button } from '@/components/ui/button';

// No message or stack from the error itself: server errors reach the browser redacted anyway, and
// the digest lets an operator find the log line.
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="text-slate-700 dark:text-slate-300">
        The console could not show this page. Try again; if it keeps failing, tell the platform team
        {digest ? (
          <>
            {' '}and quote reference <code className="rounded bg-slate-200 px-1 dark:bg-slate-800">{digest}</code>
          </>
        ) : null}
        .
      </p>
      <Button variant="primary" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
