import { sha256Hex } from '../hash';

// One Grafana often shows several environments: every dashboard and datasource the platform
// provisions carries the environment in its uid, within Grafana's 40 characters.

/** The platform's dashboards, by the last part of their uid. */
const platformDashboards = ['overview', 'application', 'mesh', 'autoscaling', 'security'] as const;
export type PlatformDashboard = (typeof platformDashboards)[number];

/** `personapass-<environment>-<part>`, or its first 31 characters and a hash when longer than 40. */
export function grafanaUid(environment: string, part: string): string {
  const uid = `personapass-${environment}-${part}`;
  return uid.length <= 40 ? uid : `${uid.slice(0, 31)}-${sha256Hex(uid).slice(0, 8)}`;
}

/** The uids dashboards had before they carried the environment (spec version 1). */
export const legacyDashboardUids: ReadonlyMap<string, PlatformDashboard> = new Map(platformDashboards.map((d) => [`personapass-${d}`, d]));
