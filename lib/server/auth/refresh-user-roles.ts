import { roleFromGroups } from '@/lib/core/auth/role-from-groups';
import type { RoleCheck, RoleCheckOutcome, RoleCheckResult } from '@/lib/core/ports';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { refreshTokenAad } from './refresh-token-aad';

/** A user's groups are re-read from the identity provider at most this often. */
export const roleCheckIntervalMs = 15 * 60_000;
/** How long one process may hold a person's check before another may take it over. */
const roleCheckLeaseMs = 2 * 60_000;
const batchSize = 50;

export type { RoleCheckResult };

/**
 * Re-reads the groups of every enabled user whose last check is older than the interval and who
 * signed in with a refresh token: a changed role applies (ending their sessions), groups that grant
 * no role disable them, a refresh token the provider no longer accepts ends their sessions and
 * leaves roles to the next sign-in. Several console processes may run this at once; each person is
 * checked by one of them at a time (a lease), so a rotating refresh token is never used twice.
 */
export async function refreshDueUserRoles(deps: Deps, requestId: string): Promise<Record<RoleCheckResult, number>> {
  const totals: Record<RoleCheckResult, number> = { unchanged: 0, 'role-changed': 0, disabled: 0, lost: 0, failed: 0, superseded: 0 };
  for (;;) {
    const now = deps.now();
    const due = await deps.users.claimRoleChecks(now, new Date(now.getTime() - roleCheckIntervalMs), roleCheckLease(now), batchSize);
    const results = await Promise.all(due.map((check) => runRoleCheck(deps, check, requestId)));
    for (const result of results) totals[result] += 1;
    if (due.length < batchSize) return totals;
  }
}

export const roleCheckLease = (now: Date) => new Date(now.getTime() + roleCheckLeaseMs);

export async function runRoleCheck(deps: Deps, check: RoleCheck, requestId: string): Promise<RoleCheckResult> {
  let refreshToken: string;
  try {
    refreshToken = deps.secrets.open(check.refreshToken, refreshTokenAad(check.subject));
  } catch {
    return deps.users.applyRoleCheck(check, { kind: 'lost', reason: 'the stored refresh token cannot be opened' }, requestId);
  }
  const outcome = toOutcome(deps, check, await deps.identityProvider.readGroups(refreshToken));
  if (outcome.kind === 'failed') logger.warn('role check with the identity provider failed', { user: check.id, reason: outcome.reason, requestId });
  return deps.users.applyRoleCheck(check, outcome, requestId);
}

function toOutcome(deps: Deps, check: RoleCheck, reading: Awaited<ReturnType<Deps['identityProvider']['readGroups']>>): RoleCheckOutcome {
  if (reading.kind === 'unavailable') return { kind: 'failed', reason: reading.reason };
  // invalid_grant also means an expired or rotated refresh token: not evidence of a lost role.
  if (reading.kind === 'refused') return { kind: 'lost', reason: reading.reason };
  const role = roleFromGroups(reading.groups, deps.settings.roleGroups);
  if (!role) return { kind: 'no-role', reason: 'identity provider groups grant no role any more' };
  const next = reading.refreshToken ? deps.secrets.seal(reading.refreshToken, refreshTokenAad(check.subject)) : undefined;
  return { kind: 'role', role, refreshToken: next };
}
