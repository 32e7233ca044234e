'use client';

import type { RunDto } from '@/lib/core/deploy/run-contract';
import { initialProgress, isFinished, waveBars } from '@/lib/core/deploy/run-progress';
import { Alert } from '@/components/ui/alert';
import { CardSection } from '@/components/ui/card';
import { ElapsedTime } from './elapsed-time';
import { RunStatusBadge } from './run-status-badge';
import { useRunEvents } from './use-run-events';

const streamLabels = { connecting: 'connecting…', live: 'live', reconnecting: 'connection lost; reconnecting…', ended: 'ended' } as const;

/** A run's live progress: a bar per wave, each object's outcome, the current step and the elapsed time. */
export function RunProgressView({ run }: { run: RunDto }) {
  const { progress, stream } = useRunEvents(run.id, initialProgress({ status: run.status, error: run.error, objects: run.objects ?? [], workers: run.workers }));
  const ended = isFinished(progress);
  return (
    <div className="space-y-6">
      <CardSection
        title="Progress"
        description={
          <span className="flex flex-wrap items-center gap-3">
            <span data-testid="run-status">
              <RunStatusBadge status={progress.status} />
            </span>
            <span>
              Step: <span data-testid="run-step">{progress.step}</span>
            </span>
            <span>
              Elapsed: <ElapsedTime from={run.startedAt ?? run.createdAt} to={ended ? (run.finishedAt ?? new Date().toISOString()) : null} />
            </span>
            <span className="text-xs" data-testid="run-stream">
              {streamLabels[stream]}
            </span>
          </span>
        }
      >
        {progress.error ? (
          <Alert tone="danger" title={`Run ${progress.status}`}>
            <span data-testid="run-error">{progress.error}</span>
          </Alert>
        ) : null}
        <ol className="mt-3 space-y-3" aria-label="Waves">
          {waveBars(progress).map((bar) => (
            <li key={bar.wave}>
              <div className="flex justify-between text-sm">
                <span className="font-medium">{bar.wave}</span>
                <span>
                  {bar.done}/{bar.total}
                  {bar.failed ? <span className="text-red-700 dark:text-red-400"> ({bar.failed} failed)</span> : null}
                </span>
              </div>
              <progress className="h-2 w-full" max={bar.total} value={bar.done} aria-label={`${bar.wave}: ${bar.done} of ${bar.total}`} />
            </li>
          ))}
        </ol>
        {Object.keys(progress.rollouts).length > 0 ? (
          <div className="mt-4">
            <h3 className="text-sm font-semibold">Rollouts</h3>
            <ul className="mt-1 text-sm">
              {Object.entries(progress.rollouts).map(([workload, rollout]) => (
                <li key={workload}>
                  {workload}: {rollout.ready}/{rollout.wanted} ready, {rollout.updated} updated {rollout.complete ? '✓' : ''}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </CardSection>
      <CardSection title="Objects" description={`${progress.objects.length} objects in apply order`}>
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Objects">
          {progress.objects.map((object) => (
            <li key={object.seq} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
              <span className="font-mono text-xs">{object.objectId}</span>
              <span className="flex items-center gap-2">
                <span className="text-xs text-slate-600 dark:text-slate-400">{object.action}</span>
                <RunStatusBadge status={object.status === 'failed' ? 'failed' : object.status === 'pending' ? 'queued' : 'succeeded'} />
                <span className="text-xs">{object.status}</span>
              </span>
              {object.message ? <span className="w-full text-xs text-red-700 dark:text-red-400">{object.message}</span> : null}
            </li>
          ))}
        </ul>
      </CardSection>
    </div>
  );
}
