import type { DriftedObject } from '@/lib/core/drift/drift-contract';
import { formatDateTime } from '../ui/date-time';

/** Who changed an object, in words: "kubectl-set (Update, 2 Dec 10:42) changed …image". */
function changedByText(object: DriftedObject): string {
  if (object.change === 'deleted') return 'deleted on the cluster (a deleted object keeps no record of who deleted it)';
  if (object.changedBy.length === 0) return object.kind === 'Secret' ? 'changed (the console may not read Secrets, so who is unknown)' : 'changed under the console’s own field manager';
  return object.changedBy.map((changer) => `${changer.manager} (${changer.operation}${changer.time ? `, ${formatDateTime(changer.time)}` : ''}) changed ${changer.fields.join(', ')}`).join('; ');
}

/** The drifted objects, each with who changed it and its diff behind a disclosure (keyboard-native <details>). */
export function DriftedObjectList({ objects }: { objects: DriftedObject[] }) {
  return (
    <ul className="mt-3 space-y-2" aria-label="Drifted objects">
      {objects.map((object) => (
        <li key={object.objectId} className="rounded border border-amber-200 bg-white/60 p-2 dark:border-amber-900 dark:bg-slate-900/60">
          <p className="font-mono text-xs">{object.objectId}</p>
          <p className="text-xs">{changedByText(object)}</p>
          {object.diff ? (
            <details className="mt-1">
              <summary className="cursor-pointer text-xs underline">Diff: what Reconcile would apply</summary>
              <pre className="mt-1 max-h-80 overflow-auto rounded bg-slate-950 p-2 text-xs text-slate-100">{object.diff}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
