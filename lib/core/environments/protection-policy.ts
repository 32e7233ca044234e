import type { Actor, Decision } from '../auth/roles';
import type { EnvironmentSpec } from './environment-spec';

// The approval gate of an environment may only be weakened by an admin, and a production-tier
// environment never below its tier's floor (productionMinimumApprovals, enforced by the spec
// schema for everyone, admins included).

type Protection = EnvironmentSpec['protection'];

/** What a change does to the gate, in words; empty when it does not weaken it (an unprotected environment has no gate). */
export function protectionLowering(before: Protection, after: Protection): string[] {
  if (!before.protected) return [];
  const changes: string[] = [];
  if (!after.protected) changes.push('protection removed');
  if (after.approvalsRequired < before.approvalsRequired) changes.push(`approvals ${before.approvalsRequired} → ${after.approvalsRequired}`);
  if (after.approvalExpiryHours > before.approvalExpiryHours) changes.push(`approval expiry ${before.approvalExpiryHours} h → ${after.approvalExpiryHours} h`);
  return changes;
}

export function canLowerProtection(actor: Actor, name: string, lowering: string[]): Decision {
  if (lowering.length === 0 || actor.role === 'admin') return { allowed: true };
  return { allowed: false, reason: `lowering the approval gate of ${name} (${lowering.join(', ')}) needs the admin role` };
}
