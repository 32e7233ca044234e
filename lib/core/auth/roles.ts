// Who may do what (DESIGN.md, Roles). The server asks these questions on every call; the UI asks
// the same ones to explain a disabled action.

export const roles = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof roles)[number];

export const tokenScopes = ['read', 'read-write'] as const;
export type TokenScope = (typeof tokenScopes)[number];

export type Actor = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'token';
  /** A read-only API token cannot write, whatever its owner's role. Sessions are read-write. */
  scope?: TokenScope;
  /** For a browser session: when its sign-in happened (renewal keeps it). */
  signedInAt?: Date;
};

export type Decision = { allowed: true } | { allowed: false; reason: string };

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function canReadEnvironments(_actor: Actor): Decision {
  return allow;
}

/** Creating, editing or cloning into an environment: protected ones are admin-only. */
export function canWriteEnvironment(actor: Actor, target: { protected: boolean; name: string }): Decision {
  if (actor.role === 'admin') return allow;
  if (target.protected) return deny(`${target.name} is protected: editing it needs the admin role`);
  if (actor.role === 'operator') return allow;
  return deny(`editing environments needs the operator or admin role (you are ${actor.role})`);
}

/** Scaling edits only replicas and autoscaler bounds, and goes through the plan and its approval
 *  gate: operators may scale protected environments too, where the plan then waits for approvers. */
export function canScaleEnvironment(actor: Actor, target: { name: string }): Decision {
  if (actor.role === 'operator' || actor.role === 'admin') return allow;
  return deny(`scaling ${target.name} needs the operator or admin role (you are ${actor.role})`);
}

/** Container logs can carry what no viewer should read, redacted or not (DESIGN.md, Roles). */
export function canReadLogs(actor: Actor): Decision {
  return actor.role === 'viewer' ? deny('reading logs needs the operator role or above (you are viewer)') : allow;
}

/**
 * A cluster's readiness report: for those who deploy or approve deploys. Not viewers: the report is
 * made live against the cluster (a score of API server requests per call) and lays out the console's
 * own rights there, which is operational detail rather than status.
 */
export function canReadClusterReadiness(actor: Actor): Decision {
  return actor.role === 'viewer' ? deny('a cluster\'s readiness report needs the operator, approver or admin role (you are viewer)') : allow;
}

/** A support bundle carries log tails (redacted), so it is for those who may read logs. */
export function canDownloadSupportBundle(actor: Actor): Decision {
  return actor.role === 'viewer' ? deny('a support bundle holds container logs: it needs the operator role or above (you are viewer)') : allow;
}

export function canManageClusters(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`managing clusters needs the admin role (you are ${actor.role})`);
}

export function canManageUsers(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`managing users needs the admin role (you are ${actor.role})`);
}

/** Any write through the API: a read-only token is refused before its owner's role is asked. */
export function canWriteAtAll(actor: Actor): Decision {
  return actor.scope === 'read' ? deny('this API token is read-only; create a read-write token to make changes') : allow;
}

export function canReadAudit(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`the audit log needs the admin role (you are ${actor.role})`);
}

/** Highest role wins when a user's groups map to several. */
export function highestRole(candidates: Role[]): Role | undefined {
  return [...roles].reverse().find((role) => candidates.includes(role));
}

/** Share links open an environment's status page to people without an account. */
export function canShareStatusPages(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`sharing status pages needs the admin role (you are ${actor.role})`);
}

/** Outgoing webhooks post to admin-set URLs from inside the network, with a signing secret. */
export function canManageWebhooks(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`webhooks need the admin role (you are ${actor.role})`);
}

/** The console's own database backups: listing them and taking one now. */
export function canManageBackups(actor: Actor): Decision {
  return actor.role === 'admin' ? allow : deny(`backups of the console need the admin role (you are ${actor.role})`);
}
