import type { Actor, Decision } from '../auth/roles';

// Reading the last drift check is reading (every role). Checking now reads the cluster through the
// console's credential and dry-runs every object, as a plan does: who may plan may check.

export function canCheckDrift(actor: Actor): Decision {
  if (actor.role === 'operator' || actor.role === 'admin') return { allowed: true };
  return { allowed: false, reason: `checking drift now needs the operator or admin role (you are ${actor.role}); the schedule checks every environment` };
}
