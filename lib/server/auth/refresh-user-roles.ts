import { roleFromGroups } from '@/lib/core/auth/role-from-groups';
import type { RoleCheck, RoleCheckOutcome } from '@/lib/core/ports';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { refreshTokenAad } from './refresh-token-aad';

/** A user's groups are re-read from the identity provider at most this often. */
export const roleCheckIntervalMs = 15 * 60_000;
const batchSize = 50;

export type RoleCheckResult = 'unchanged' | 'role-changed' | 'disabled' | 'failed';

/**
 * Re-reads the groups of every enabled user whose last check is older than the interval and who
 * signed in with a refresh token: a changed role applies (ending their sessions), no role or a
 * provider that no longer vouches for them disables them. Several console processes may run this
 * at once; each user is claimed by one of them.
 */
export async function refreshDueUserRoles(deps: Deps, requestId: string): Promise<Record<RoleCheckResult, number>> {
  const totals: Record<RoleCheckResult, number> = { unchanged: 0, 'role-changed': 0, disabled: 0, failed: 0 };
  for (;;) {
    const now = deps.now();
    const due = await deps.users.claimRoleChecks(now, new Date(now.getTime() - roleCheckIntervalMs), batchSize);
    const results = await Promise.all(due.map((check) => runRoleCheck(deps, check, requestId)));
    for (const result of results) totals[result] += 1;
    if (due.length < batchSize) return totals;
  }
}

export async function runRoleCheck(deps: Deps, check: RoleCheck, requestId: string): Promise<RoleCheckResult> {
  let refreshToken: string;
  try {
    refreshToken = deps.secrets.open(check.refreshToken, refreshTokenAad(check.subject));
  } catch {
    return deps.users.applyRoleCheck(check.id, { kind: 'failed', reason: 'the stored refresh token cannot be opened' }, requestId);
  }
  const reading = await deps.identityProvider.readGroups(refreshToken);
  const outcome = toOutcome(deps, check, reading);
  if (outcome.kind === 'failed') logger.warn('role check with the identity provider failed', { user: check.id, reason: outcome.reason, requestId });
  return deps.users.applyRoleCheck(check.id, outcome, requestId);
}

function toOutcome(deps: Deps, check: RoleCheck, reading: Awaited<ReturnType<Deps['identityProvider']['readGroups']>>): RoleCheckOutcome {
  if (reading.kind === 'unavailable') return { kind: 'failed', reason: reading.reason };
  if (reading.kind === 'refused') return { kind: 'no-role', reason: reading.reason };
  const role = roleFromGroups(reading.groups, deps.settings.roleGroups);
  if (!role) return { kind: 'no-role', reason: 'identity provider groups grant no role any more' };
  const next = reading.refreshToken ? deps.secrets.seal(reading.refreshToken, refreshTokenAad(check.subject)) : undefined;
  return { kind: 'role', role, refreshToken: next };
}
