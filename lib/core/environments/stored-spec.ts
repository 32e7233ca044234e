import type { FieldIssue } from '../errors';
import { toFieldIssues } from '../zod-issues';
import { environmentSpecSchema, type EnvironmentSpec } from './environment-spec';
import { grafanaUid, legacyDashboardUids } from './grafana-uids';

// Revisions are kept forever, and plans, approvals and rollbacks rest on old ones: a stored spec is
// parsed when read, never cast. Each revision records the spec version it was written in; reading
// upgrades it step by step to the current version, then validates it with today's rules. A revision
// that no longer passes them still reads (history and diffs must show it), carrying its problems,
// and nothing is planned from it until a revision that passes is saved.

/** The version of the spec format this code writes. Bump it with an upgrade below. */
export const currentSpecVersion = 2;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** upgrades[n] turns a version-n spec into version n+1. They never throw: a malformed spec passes
 *  through unchanged and the schema says what is wrong with it. */
const upgrades: Record<number, (spec: Record<string, unknown>) => Record<string, unknown>> = {
  // 2: the platform's dashboards carry the environment in their uid (one Grafana, several
  // environments); links to the old shared uids follow them.
  1: (spec) => {
    const { observability } = spec;
    if (typeof spec.name !== 'string' || !isRecord(observability) || !Array.isArray(observability.grafanaDashboardIds)) return spec;
    const name = spec.name;
    const grafanaDashboardIds = observability.grafanaDashboardIds.map((id: unknown) => {
      const dashboard = typeof id === 'string' ? legacyDashboardUids.get(id) : undefined;
      return dashboard ? grafanaUid(name, dashboard) : id;
    });
    return { ...spec, observability: { ...observability, grafanaDashboardIds } };
  },
};

/** Fixes of version-2 specs written before a field of that version changed shape (never released,
 *  so no version bump): they run on every read, after the upgrades. */
function settle(spec: Record<string, unknown>): Record<string, unknown> {
  // observability.deadMansSwitchUrl (a credential in the spec) became the boolean deadMansSwitch;
  // the URL itself now lives in the alertmanager-receivers Secret and is dropped here.
  const { observability } = spec;
  if (!isRecord(observability) || !('deadMansSwitchUrl' in observability)) return spec;
  const { deadMansSwitchUrl, ...rest } = observability;
  const enabled = typeof deadMansSwitchUrl === 'string' && deadMansSwitchUrl !== '';
  return { ...spec, observability: { ...rest, deadMansSwitch: rest.deadMansSwitch === true || enabled } };
}

export type StoredSpec = { spec: EnvironmentSpec; problems: FieldIssue[] };

export function readStoredSpec(stored: unknown, version: number): StoredSpec {
  if (!Number.isInteger(version) || version < 1 || version > currentSpecVersion) {
    return { spec: stored as EnvironmentSpec, problems: [{ path: '(root)', message: `spec version ${version} is not one this console reads (it reads 1 to ${currentSpecVersion})` }] };
  }
  let value = structuredClone(stored) as Record<string, unknown>;
  for (let from = version; from < currentSpecVersion; from += 1) value = upgrades[from]!(value);
  value = settle(value);
  const parsed = environmentSpecSchema.safeParse(value);
  return parsed.success ? { spec: parsed.data, problems: [] } : { spec: value as EnvironmentSpec, problems: toFieldIssues(parsed.error) };
}
