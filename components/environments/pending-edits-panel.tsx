import type { SpecChange } from '@/lib/core/environments/spec-diff';
import { Button } from '../ui/button';
import { ChangeList } from './change-list';

/** After loading the latest revision: the user's own edits, kept visible so they can redo them. */
export function PendingEditsPanel({
  revision,
  edits,
  onReapply,
  onDismiss,
}: {
  revision: number;
  edits: SpecChange[];
  onReapply: () => void;
  onDismiss: () => void;
}) {
  return (
    <section aria-label="Your edits to re-apply" className="rounded-lg border border-sky-300 bg-sky-50 p-4 text-sky-950 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-50">
      <h2 className="text-base font-semibold">Loaded revision {revision}. Your edits to re-apply</h2>
      <p className="mt-1 text-sm">
        The form now shows the latest revision. These are the changes you had made; apply them again (one by one, or all at once) and save.
      </p>
      {edits.length > 0 ? (
        <div className="mt-3 rounded-md bg-white/70 p-3 dark:bg-slate-900/60">
          <ChangeList changes={edits} label="Your edits" />
        </div>
      ) : (
        <p className="mt-2 text-sm">You had no field changes, only a change note.</p>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        {edits.length > 0 ? (
          <Button variant="primary" onClick={onReapply}>
            Re-apply my edits
          </Button>
        ) : null}
        <Button variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
    </section>
  );
}
