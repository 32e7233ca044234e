import { canonicalJson } from '../canonical-json';
import type { PlainObject } from '../deploy/cluster-gateway';
import { consoleFieldManager, handoverFieldManager } from '../deploy/replica-handover';
import type { FieldChanger } from './drift-contract';

// Who changed a drifted object: the fields the console applies whose live value differs, matched
// against the live object's managedFields (server-side apply's record of which manager owns which
// field, with the time of its last change). A `kubectl edit`, `kubectl set image` or another
// controller's update takes the fields it writes, so their owner is who changed them. Paths are
// written alike on both sides: `a.b[name=x].c` for list items keyed by name (containers, env,
// ports by name), the list itself for other lists (compared whole).

type Json = unknown;
type ManagedFieldsEntry = { manager?: string; operation?: string; time?: string; fieldsV1?: Record<string, Json> };

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const named = (items: Json[]): items is Array<{ name: string }> => items.length > 0 && items.every((item) => isObject(item) && typeof item.name === 'string');

/** Paths of the leaves `desired` sets whose value `live` does not have. */
export function changedPaths(desired: Json, live: Json, path = ''): string[] {
  if (isObject(desired)) {
    if (!isObject(live)) return [path];
    return Object.keys(desired).flatMap((key) => changedPaths(desired[key], live[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(desired) && Array.isArray(live) && named(desired) && named(live)) {
    return desired.flatMap((item) => {
      const match = live.find((other) => other.name === item.name);
      const itemPath = `${path}[name=${item.name}]`;
      return match ? changedPaths(item, match, itemPath) : [itemPath];
    });
  }
  return canonicalJson(desired) === canonicalJson(live) ? [] : [path];
}

/** The leaf paths a managedFields fieldsV1 set holds, in changedPaths' notation. */
export function ownedPaths(fields: Record<string, Json>, path = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === '.') continue;
    let segment: string;
    if (key.startsWith('f:')) segment = path ? `${path}.${key.slice(2)}` : key.slice(2);
    else if (key.startsWith('k:')) segment = `${path}${listKey(key.slice(2))}`;
    else segment = path; // v: (set values) and i: (positions): the list as a whole
    const children = isObject(value) ? ownedPaths(value, segment) : [];
    paths.push(...(children.length ? children : [segment]));
  }
  return paths;
}

function listKey(json: string): string {
  try {
    const key = JSON.parse(json) as Record<string, Json>;
    return `[${Object.entries(key).map(([k, v]) => `${k}=${String(v)}`).join(',')}]`;
  } catch {
    return '';
  }
}

/** One path covers another when either holds the other (a list owned whole, a field inside a changed item). */
const covers = (owned: string, changed: string) => owned === changed || changed.startsWith(`${owned}.`) || changed.startsWith(`${owned}[`) || owned.startsWith(`${changed}.`) || owned.startsWith(`${changed}[`);

const consoleManagers = new Set([consoleFieldManager, handoverFieldManager]);

/**
 * The managers other than the console's own that own a field of `desired` whose live value
 * differs, newest change first. Empty when the console owns them all (the change came through its
 * own manager name) or the live object has no managedFields.
 */
export function fieldChangers(desired: PlainObject, live: PlainObject): FieldChanger[] {
  const changed = changedPaths(stripIdentity(desired), stripIdentity(live));
  const entries = ((live.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []).filter((entry) => entry.manager && !consoleManagers.has(entry.manager));
  const changers = entries
    .map((entry) => {
      const owned = ownedPaths(entry.fieldsV1 ?? {});
      const fields = changed.filter((path) => owned.some((mine) => covers(mine, path)));
      return { manager: entry.manager!, operation: entry.operation ?? 'Update', time: entry.time ?? null, fields };
    })
    .filter((changer) => changer.fields.length > 0);
  return changers.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

// apiVersion, kind, name and namespace identify the object; they never drift.
function stripIdentity(object: PlainObject): Record<string, Json> {
  const { apiVersion: _a, kind: _k, metadata, ...rest } = object as PlainObject & Record<string, Json>;
  const { name: _n, namespace: _ns, ...meta } = (metadata ?? {}) as Record<string, Json>;
  return { ...rest, metadata: meta };
}
