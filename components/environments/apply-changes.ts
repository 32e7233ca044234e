import type { SpecChange } from '@/lib/core/environments/spec-diff';

/** Applies field changes (from diffSpecs) on top of another spec: the "re-apply my edits" step. */
export function applyChanges<T>(target: T, changes: SpecChange[]): T {
  const copy = structuredClone(target) as Record<string, unknown>;
  for (const change of changes) {
    const keys = change.path.split('.');
    const last = keys.pop()!;
    let node: Record<string, unknown> = copy;
    for (const key of keys) {
      if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    if (change.kind === 'removed') delete node[last];
    else node[last] = structuredClone(change.after);
  }
  return copy as T;
}
