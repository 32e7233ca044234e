import type { SpecChange } from '@/lib/core/environments/spec-diff';
import { Button } from '../ui/button';
import { ChangeList } from './change-list';

export type ConflictDetails = { currentRevision: number; changedBy: string; changes: SpecChange[] };

/** Shown when a save was refused because someone else saved first (HTTP 409). */
export function ConflictPanel({
  environment,
  conflict,
  loading,
  onLoadLatest,
}: {
  environment: string;
  conflict: ConflictDetails;
  loading: boolean;
  onLoadLatest: () => void;
}) {
  return (
    <div role="alert" className="rounded-lg border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-50">
      <h2 className="text-base font-semibold">
        {environment} changed since you opened it: {conflict.changedBy} saved revision {conflict.currentRevision}
      </h2>
      <p className="mt-1 text-sm">
        Your changes were not saved. Review what changed, then load the latest revision and apply your edits again.
      </p>
      {conflict.changes.length > 0 ? (
        <div className="mt-3 rounded-md bg-white/70 p-3 dark:bg-slate-900/60">
          <ChangeList changes={conflict.changes} label="Changed since you opened it" />
        </div>
      ) : null}
      <Button variant="primary" className="mt-4" onClick={onLoadLatest} disabled={loading}>
        {loading ? 'Loading latest…' : 'Load latest and re-apply'}
      </Button>
    </div>
  );
}
