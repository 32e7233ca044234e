import type { Actor, Decision } from '../auth/roles';

// Who may plan (DESIGN.md, Roles). Planning writes nothing to the cluster, so protected
// environments plan like any other: the approval gates the deploy, not the plan.

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function canPlan(actor: Actor, _environment: { name: string; protected: boolean }): Decision {
  if (actor.role === 'operator' || actor.role === 'admin') return allow;
  return deny(`planning changes needs the operator or admin role (you are ${actor.role})`);
}

/** Deleting Namespaces, CRDs and PersistentVolumeClaims takes data with it: admins only. */
export function canAllowProtectedDeletes(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`deleting Namespaces, CustomResourceDefinitions and PersistentVolumeClaims needs the admin role (you are ${actor.role})`);
}

/** Taking fields other managers own overrides someone's change: admins only, audited. */
export function canForceApply(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`forcing fields other managers own needs the admin role (you are ${actor.role})`);
}
