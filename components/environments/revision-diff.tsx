import type { SpecChange } from '@/lib/core/environments/spec-diff';
import { Badge } from '../ui/badge';
import { cx } from '../ui/cx';
import { Table, Td, Th } from '../ui/table';
import { changeToneByKind } from './change-list';
import { ChangeValue } from './change-value';

const rowTint: Record<SpecChange['kind'], string> = {
  added: 'bg-emerald-50/50 dark:bg-emerald-950/30',
  removed: 'bg-red-50/50 dark:bg-red-950/30',
  changed: '',
};

/** The field-level differences between two revisions. */
export function RevisionDiff({ from, to, changes }: { from: number; to: number; changes: SpecChange[] }) {
  if (changes.length === 0) {
    return (
      <p role="status" className="rounded-md border border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
        Revisions {from} and {to} have identical specs.
      </p>
    );
  }
  return (
    <Table caption={`Changes from revision ${from} to revision ${to}`}>
      <thead>
        <tr>
          <Th>Field</Th>
          <Th>Change</Th>
          <Th>Before (revision {from})</Th>
          <Th>After (revision {to})</Th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path} className={cx(rowTint[change.kind])}>
            <Td className="font-mono text-xs font-semibold break-all">{change.path}</Td>
            <Td>
              <Badge tone={changeToneByKind[change.kind]}>{change.kind}</Badge>
            </Td>
            <Td>{change.kind === 'added' ? <span className="text-slate-500">—</span> : <ChangeValue value={change.before} kind="before" />}</Td>
            <Td>{change.kind === 'removed' ? <span className="text-slate-500">—</span> : <ChangeValue value={change.after} kind="after" />}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
