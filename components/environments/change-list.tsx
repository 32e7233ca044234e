import type { SpecChange } from '@/lib/core/environments/spec-diff';
import { Badge, type BadgeTone } from '../ui/badge';
import { ChangeValue } from './change-value';

const toneByKind: Record<SpecChange['kind'], BadgeTone> = { added: 'success', removed: 'danger', changed: 'warning' };

/** A compact list of field changes (path, kind, before → after), used by conflicts and re-apply. */
export function ChangeList({ changes, label }: { changes: SpecChange[]; label: string }) {
  return (
    <ul aria-label={label} className="space-y-1.5">
      {changes.map((change) => (
        <li key={change.path} className="flex flex-wrap items-center gap-2 text-sm">
          <code className="font-mono text-xs font-semibold">{change.path}</code>
          <Badge tone={toneByKind[change.kind]}>{change.kind}</Badge>
          {change.kind !== 'added' ? <ChangeValue value={change.before} kind="before" /> : null}
          {change.kind === 'changed' ? <span aria-hidden="true">→</span> : null}
          {change.kind !== 'removed' ? <ChangeValue value={change.after} kind="after" /> : null}
        </li>
      ))}
    </ul>
  );
}

export { toneByKind as changeToneByKind };
