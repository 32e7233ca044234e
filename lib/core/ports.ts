import type { Actor, Role, TokenScope } from './auth/roles';
import type { AccessCheck, ClusterConnection, ProbeAnswer } from './clusters/connection-test';
import type { ApprovalRecord } from './deploy/deploy-ports';
import type { PlanAction, PlanChecks, PlanFlags, PlanStatus, PlanSummary } from './deploy/plan-contract';
import type { DriftedObject } from './drift/drift-contract';
import type { EnvironmentSpec } from './environments/environment-spec';
import type { FieldIssue } from './errors';
import type { NotificationEvent } from './notifications/notification-event';

// The small interfaces the core needs from the outside world. Adapters implement them; every
// mutation takes the audit entry it must write in the same transaction.

export type AuditEntry = {
  actor: Actor | null;
  action: string;
  targetType: 'environment' | 'cluster' | 'api-token' | 'user' | 'backup';
  targetName: string;
  /** Made by the server for every request; never taken from the caller. */
  requestId: string;
  /** The caller's own X-Request-Id, if it sent a well-formed one: for finding its logs, not ours. */
  correlationId?: string | null;
  summary: string;
};

export type RevisionSummary = {
  environment: string;
  number: number;
  specHash: string;
  changeNote: string;
  author: { id: string; name: string; email: string };
  createdAt: Date;
};

/** A revision with its spec parsed; `specProblems` lists what today's rules refuse in an old one (nothing is planned from it). */
export type RevisionRecord = RevisionSummary & { spec: EnvironmentSpec; specProblems: FieldIssue[] };

export type DeployTargetRecord = { cluster: string; namespace: string; protected: boolean; claimedAt: Date; leftAt: Date | null };

export type EnvironmentSummary = {
  name: string;
  tier: EnvironmentSpec['tier'];
  protected: boolean;
  cluster: string;
  namespace: string;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export interface EnvironmentStore {
  findEnvironments(query: { limit: number; cursor?: string }): Promise<Page<EnvironmentSummary>>;
  /** The head revision, or null when no such environment exists. */
  findHead(name: string): Promise<RevisionRecord | null>;
  findRevision(name: string, number: number): Promise<RevisionRecord | null>;
  /** Newest first, without specs: lists never load what they do not show. */
  findRevisions(name: string, query: { limit: number; before?: number }): Promise<Page<RevisionSummary>>;
  /** The deploy targets an environment holds, current and left behind. */
  findDeployTargets(environment: string): Promise<DeployTargetRecord[]>;
  /**
   * Frees a target its holder left behind (after its objects are gone): NotFound when nobody holds
   * it, Conflict when its holder still uses it. Its protection stays.
   */
  releaseDeployTarget(target: { cluster: string; namespace: string }, audit: AuditEntry): Promise<DeployTargetRecord & { environment: string }>;
  /** The namespaces environments hold on a cluster (their deploy targets), sorted. */
  findHeldNamespaces(cluster: string): Promise<string[]>;
  /** Whether an environment of that name exists (for telling an empty page from a missing one). */
  environmentExists(name: string): Promise<boolean>;
  /**
   * Creates the environment with revision 1; throws Conflict when the name is taken or when one of
   * its deploy targets belongs to another environment (or to a protected one's past, for an
   * unprotected claimant). Appending a revision claims the targets the same way.
   */
  createEnvironment(input: NewRevision, audit: AuditEntry): Promise<RevisionRecord>;
  /** Appends revision expected+1; throws Conflict when the head is no longer `expectedRevision`. */
  appendRevision(input: NewRevision & { expectedRevision: number }, audit: AuditEntry): Promise<RevisionRecord>;
}

export type NewRevision = {
  spec: EnvironmentSpec;
  specHash: string;
  changeNote: string;
  authorId: string;
};

export type ClusterRecord = {
  name: string;
  apiServerUrl: string;
  caBundle: string;
  credentialKind: 'token' | 'client-certificate';
  /** The kube-system Namespace's UID (ProbeAnswer.clusterUid); null on records made before it was recorded. */
  clusterUid: string | null;
  credentialExpiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type SealedSecret = { keyId: string; ciphertext: Buffer };

/** A cluster that is being brought up: what it is doing, and when it should be ready. */
export type ClusterProvisioning = { name: string; state: 'building' | 'starting' | 'failed'; detail: string; readyBy: Date | null; updatedAt: Date };

export interface ClusterStore {
  findClusters(): Promise<ClusterRecord[]>;
  findCluster(name: string): Promise<(ClusterRecord & { credential: SealedSecret }) | null>;
  /** The cluster registered with this identity, if any: one real cluster, one registration. */
  findClusterByUid(clusterUid: string): Promise<ClusterRecord | null>;
  /** Conflict when the name or the identity is registered already. */
  createCluster(input: ClusterRecord & { credential: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord>;
  /**
   * Writes URL, CA, credential kind and expiry only together with a new credential; without one,
   * only the identity (a record made before identities were recorded gets one) and the time.
   */
  updateCluster(input: ClusterRecord & { credential?: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord>;
  /** Clusters being brought up, by name (a registered cluster has none). */
  findProvisioning(): Promise<ClusterProvisioning[]>;
  /** Records (or, with null, clears) what bringing a cluster up is doing. */
  setProvisioning(name: string, state: Omit<ClusterProvisioning, 'name' | 'updatedAt'> | null): Promise<void>;
}

/** Seals secrets at rest (AES-256-GCM) and opens them; `aad` binds a ciphertext to its owner. */
export interface SecretBox {
  seal(plaintext: string, aad: string): SealedSecret;
  open(sealed: SealedSecret, aad: string): string;
}

export type UserRecord = { id: string; subject: string; email: string; name: string; role: Role; sessionVersion: number };

/** What the identity provider said at sign-in. The subject alone identifies a person. */
export type SignInProfile = {
  subject: string;
  email: string;
  /** The provider's email_verified claim; null (or absent) when it sent none. */
  emailVerified?: boolean | null;
  name: string;
  role: Role;
  /** The provider's refresh token, sealed, when it issued one (roles are then re-checked between sign-ins). */
  refreshToken?: SealedSecret | null;
};

/** How a user's role is kept current: re-read from the identity provider, or only at sign-in. */
export type RoleRefresh = 'identity-provider' | 'sign-in';

export type UserSummary = {
  id: string;
  subject: string;
  email: string;
  emailVerified: boolean | null;
  name: string;
  role: Role;
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  disabledBy: 'admin' | 'identity-provider' | null;
  disabledReason: string | null;
  liveTokens: number;
  roleRefresh: RoleRefresh;
  rolesCheckedAt: Date | null;
  /** When the identity provider last confirmed the role, at sign-in or by a re-check. */
  rolesConfirmedAt: Date | null;
};

/** A due re-check of a user's groups with the identity provider. */
export type RoleCheck = { id: string; subject: string; refreshToken: SealedSecret };

export type RoleCheckOutcome =
  /** The provider confirmed the person's groups: this role. */
  | { kind: 'role'; role: Role; refreshToken?: SealedSecret }
  /** The provider confirmed groups that grant no role: disable. */
  | { kind: 'no-role'; reason: string }
  /**
   * The provider no longer accepts the refresh token (revoked, expired, account deactivated): roles
   * can no longer be checked. Sessions end and API tokens are suspended until the next sign-in.
   */
  | { kind: 'lost'; reason: string }
  /** The provider could not be asked: nothing is concluded. */
  | { kind: 'failed'; reason: string };

export type RoleCheckResult = 'unchanged' | 'role-changed' | 'disabled' | 'lost' | 'failed' | 'superseded';

export interface UserStore {
  /**
   * Creates or refreshes (and re-enables, unless an admin disabled them) a user at sign-in with the
   * role their groups give today. A role change ends the user's other sessions. Throws Forbidden
   * for a user an admin disabled.
   */
  upsertFromSignIn(input: SignInProfile, requestId: string): Promise<UserRecord>;
  /**
   * A known user whose groups no longer grant a role: disabled, with every live API token revoked
   * and every session ended, in one transaction. Unknown subjects are left alone. Returns whether
   * anything changed.
   */
  disableFromSignIn(subject: string, requestId: string): Promise<boolean>;
  /** An enabled user, or null (unknown or disabled). */
  getUser(id: string): Promise<UserRecord | null>;
  findUsers(query: { limit: number; cursor?: string; email?: string }): Promise<Page<UserSummary>>;
  findUserSummary(id: string): Promise<UserSummary | null>;
  /** Disables a user (sessions end, tokens revoked) until an admin enables them again. */
  disableUser(input: { id: string; reason: string }, audit: AuditEntry): Promise<UserSummary>;
  enableUser(id: string, audit: AuditEntry): Promise<UserSummary>;
  /** Ends every session of the user (sign-out ends them everywhere). */
  endSessions(id: string, audit: AuditEntry): Promise<void>;
  /**
   * Claims up to `limit` enabled users with a stored refresh token whose groups were last checked
   * before `checkedBefore` and whom no other process is checking, marking them checked now under a
   * lease until `leaseUntil`, so a person is checked by one console process at a time.
   */
  claimRoleChecks(now: Date, checkedBefore: Date, leaseUntil: Date, limit: number): Promise<RoleCheck[]>;
  /**
   * The one user's check whenever it last ran (an admin's "check now"): 'busy' while another
   * process holds the lease, null without a refresh token (or when disabled).
   */
  claimRoleCheck(id: string, now: Date, leaseUntil: Date): Promise<RoleCheck | 'busy' | null>;
  /** An enabled user by OIDC subject (sign-in). */
  findUserBySubject(subject: string): Promise<UserRecord | null>;
  /**
   * Applies what the identity provider said about `check` and releases the lease; a changed role,
   * no role or a lost refresh token ends sessions. 'superseded' when the person signed in again
   * meanwhile (their stored refresh token is no longer the one judged): nothing is changed.
   */
  applyRoleCheck(check: RoleCheck, outcome: RoleCheckOutcome, requestId: string): Promise<RoleCheckResult>;
}

export type ApiTokenRecord = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  scope: TokenScope;
};

export interface ApiTokenStore {
  createToken(
    input: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date; scope: TokenScope },
    audit: AuditEntry,
  ): Promise<ApiTokenRecord>;
  findTokens(userId: string): Promise<ApiTokenRecord[]>;
  revokeToken(input: { userId: string; id: string }, audit: AuditEntry): Promise<ApiTokenRecord>;
  /** Revokes every live token of a user; returns how many. */
  revokeAllTokens(userId: string, audit: AuditEntry): Promise<number>;
  /**
   * The live token's enabled owner and scope by hash; null when unknown, revoked, expired or
   * disabled. Records its use at most once a minute, so authenticating rarely writes.
   */
  findOwnerByHash(tokenHash: string, now: Date): Promise<{ owner: UserRecord; scope: TokenScope; rolesConfirmedAt: Date | null } | null>;
}

export type AuditRecord = Omit<AuditEntry, 'actor'> & { id: string; actorLabel: string; createdAt: Date };

export interface AuditLog {
  findEvents(query: { limit: number; cursor?: string; targetName?: string }): Promise<Page<AuditRecord>>;
}

/** What the identity provider says about a signed-in user's groups now, read with their refresh token. */
export type GroupsReading =
  | { kind: 'groups'; groups: unknown; refreshToken?: string }
  /** The provider no longer vouches for the user (removed, signed out there, grant revoked). */
  | { kind: 'refused'; reason: string }
  /** The provider could not be asked (down, misconfigured): nothing is concluded. */
  | { kind: 'unavailable'; reason: string };

export interface IdentityProvider {
  readGroups(refreshToken: string): Promise<GroupsReading>;
}

/**
 * Asks a cluster's API server, with connection details that are not stored yet, who the credential
 * is and which of `checks` it may do (answers in the same order). Throws InvalidInput naming
 * `caBundle` or `credential` when the server's certificate or the credential is refused, and
 * Unavailable when the server cannot be reached in time.
 */
export interface ClusterProbe {
  probe(connection: ClusterConnection, checks: AccessCheck[]): Promise<ProbeAnswer>;
}

/** One Idempotency-Key: its owner, the route it was sent to (method and path) and the key itself. */
export type IdempotencyScope = { userId: string; route: string; key: string };

/** A stored answer: replayed as it was for a retry with the same key and request. */
export type IdempotentAnswer = { status: number; body: unknown; headers: Record<string, string> };

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; answer: IdempotentAnswer }
  /** The first request with this key is still being answered. */
  | { kind: 'in-progress' }
  /** The key was used for a different request. */
  | { kind: 'mismatch' };

export interface IdempotencyStore {
  /**
   * Claims the key for a request (by its hash), or tells what became of the earlier one. A key
   * answered before `expiredBefore`, or claimed and never answered before `abandonedBefore` (its
   * process died), is claimed afresh.
   */
  claim(scope: IdempotencyScope, requestHash: string, limits: { now: Date; expiredBefore: Date; abandonedBefore: Date }): Promise<IdempotencyClaim>;
  /** Stores the answer of a claimed key. */
  complete(scope: IdempotencyScope, answer: IdempotentAnswer): Promise<void>;
  /** Gives a claimed key up (its request failed and wrote nothing): a retry runs again. */
  release(scope: IdempotencyScope): Promise<void>;
}

export type PlanObjectRecord = {
  seq: number;
  objectId: string;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  component: string;
  wave: string;
  action: PlanAction;
  /** What the deploy applies (null for deletions). */
  desired: Record<string, unknown> | null;
  /** The live object's resourceVersion when planned (null: absent), for the record. */
  liveResourceVersion: string | null;
  /** liveFingerprint of the live object when planned (null: absent or unreadable): the deploy answers PlanStale when it no longer matches. */
  liveFingerprint: string | null;
  diff: string;
};

export type NewPlan = {
  id: string;
  environment: string;
  revision: number;
  requestedBy: string;
  hash: string;
  cluster: string;
  namespace: string;
  flags: PlanFlags;
  summary: PlanSummary;
  checks: PlanChecks;
  checksPassed: boolean;
  /** The approval gate (approvalGate in lib/core/deploy/plan-gate.ts): the strictest of the revision, the head and the deploy targets. */
  protected: boolean;
  approvalsRequired: number;
  approvalExpiryHours: number;
  /** The head revision the gate was taken from: the store refuses the plan when a revision was saved since. */
  gatedOnHead: number;
  objects: PlanObjectRecord[];
};

export type PlanRecord = Omit<NewPlan, 'objects' | 'requestedBy' | 'gatedOnHead'> & {
  status: PlanStatus;
  requestedBy: { id: string; name: string; email: string };
  createdAt: Date;
  closedAt: Date | null;
  closedReason: string | null;
  /** Every approval and rejection of this plan, oldest first, with each approver's standing today (whether one counts depends on the time). */
  decisions: ApprovalRecord[];
};

/** An object the console applied for an environment (its last deploys), from which deletions are planned. */
export type InventoryRecord = { objectId: string; apiVersion: string; kind: string; namespace: string; name: string };

export interface PlanStore {
  /**
   * Stores a plan with its objects and supersedes the environment's open plans (their approvals
   * void with them), in one transaction with the audit entry. NotFound for an unknown environment.
   */
  createPlan(plan: NewPlan, audit: AuditEntry): Promise<PlanRecord>;
  findPlan(id: string): Promise<PlanRecord | null>;
  /** Newest first; the cursor is the last plan id of the previous page. */
  findPlans(environment: string, query: { limit: number; cursor?: string }): Promise<Page<PlanRecord>>;
  /** In apply order; the cursor is the last seq of the previous page. */
  findPlanObjects(planId: string, query: { limit: number; after?: number; action?: PlanAction }): Promise<Page<PlanObjectRecord>>;
  findInventory(environment: string): Promise<InventoryRecord[]>;
}

/**
 * Tells the environment's webhooks that something happened (lib/core/notifications). It queues a
 * delivery per subscribed webhook and returns; it never throws (a notification that cannot be
 * queued is logged: what happened has happened, whatever the webhooks hear of it).
 */
export interface Notifier {
  notify(event: NotificationEvent): Promise<void>;
}

/** What the console last applied to one object of an environment (its inventory's run's plan): the drift check's baseline. */
export type DeployedObject = { objectId: string; desired: Record<string, unknown> };

/** A deployed environment as the drift check needs it: its cluster and the revision of its last successful run. */
export type DeployedEnvironment = { environment: string; cluster: string; revision: number };

export type DriftCheckRecord = {
  environment: string;
  checkedAt: Date;
  status: 'in-sync' | 'drifted' | 'failed';
  revision: number;
  objects: DriftedObject[];
  error: string | null;
  fingerprint: string;
};

export interface DriftStore {
  /** Environments with a successful deploy, by name, with the revision it deployed. */
  findDeployedEnvironments(): Promise<DeployedEnvironment[]>;
  findDeployedEnvironment(environment: string): Promise<DeployedEnvironment | null>;
  /** The inventory with each object's applied form (deletions and Secrets' unreadable values included as planned). */
  findDeployedObjects(environment: string): Promise<DeployedObject[]>;
  /** Replaces the environment's last check; returns the one it replaced (null: none). */
  saveDriftCheck(check: DriftCheckRecord): Promise<DriftCheckRecord | null>;
  findDriftCheck(environment: string): Promise<DriftCheckRecord | null>;
  /** Drifted objects per environment of the last checks (0 for in sync; failed checks left out), for the metric. */
  countDriftedObjects(): Promise<Array<{ environment: string; objects: number }>>;
}

/**
 * Domain events the console publishes as things happen, for whoever listens (notifications'
 * webhooks). Publishing never fails the work that publishes: listeners catch their own errors.
 */
export type DomainEvent = {
  type: 'drift.found';
  environment: string;
  revision: number;
  checkedAt: Date;
  objects: Array<{ objectId: string; change: 'changed' | 'deleted'; changedBy: string[] }>;
};

export interface DomainEvents {
  publish(event: DomainEvent): Promise<void>;
}

/** The drift schedule's job: one cycle per slot across every worker process, run by one of them. */
export interface DriftCycleQueue {
  sendDriftCycle(slotSeconds: number): Promise<void>;
  workDriftCycles(handler: () => Promise<void>): Promise<void>;
}
