import { formatPatch, structuredPatch } from 'diff';
import { stringify } from 'yaml';
import type { PlainObject } from './cluster-gateway';

/** YAML with keys sorted at every depth, so the two sides of a diff line up field by field. */
export function objectYaml(object: PlainObject | null): string {
  return object ? stringify(object, { sortMapEntries: true, lineWidth: 0 }) : '';
}

/** A unified diff of two forms of one object (null: absent), three lines of context; '' when equal. */
export function objectDiff(id: string, before: PlainObject | null, after: PlainObject | null): string {
  const from = objectYaml(before);
  const to = objectYaml(after);
  if (from === to) return '';
  const patch = structuredPatch(before ? id : '/dev/null', after ? id : '/dev/null', from, to, '', '', { context: 3 });
  const text = formatPatch(patch);
  // formatPatch heads a patch of one file name with Index: and ===== lines; a plan names the object once.
  return text.slice(text.indexOf('--- '));
}
