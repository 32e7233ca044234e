// Field-level differences between two specs, by dotted path, for revision history and conflicts.

export type SpecChange = {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
};

type Leaves = Map<string, unknown>;

function collectLeaves(value: unknown, prefix: string, into: Leaves): Leaves {
  const isBranch = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (isBranch && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      collectLeaves(child, prefix ? `${prefix}.${key}` : key, into);
    }
  } else {
    into.set(prefix, value);
  }
  return into;
}

// Arrays are compared whole: their elements (dashboard ids) have no identity worth diffing by index.
function sameLeaf(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffSpecs(before: unknown, after: unknown): SpecChange[] {
  const left = collectLeaves(before, '', new Map());
  const right = collectLeaves(after, '', new Map());
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort();
  const changes: SpecChange[] = [];
  for (const path of paths) {
    const hasBefore = left.has(path);
    const hasAfter = right.has(path);
    if (hasBefore && !hasAfter) changes.push({ path, kind: 'removed', before: left.get(path) });
    else if (!hasBefore && hasAfter) changes.push({ path, kind: 'added', after: right.get(path) });
    else if (!sameLeaf(left.get(path), right.get(path))) {
      changes.push({ path, kind: 'changed', before: left.get(path), after: right.get(path) });
    }
  }
  return changes;
}
