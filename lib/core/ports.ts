import type { Actor, Role } from './auth/roles';
import type { AccessCheck, ClusterConnection, ProbeAnswer } from './clusters/connection-test';
import type { EnvironmentSpec } from './environments/environment-spec';

// The small interfaces the core needs from the outside world. Adapters implement them; every
// mutation takes the audit entry it must write in the same transaction.

export type AuditEntry = {
  actor: Actor | null;
  action: string;
  targetType: 'environment' | 'cluster' | 'api-token' | 'user';
  targetName: string;
  requestId: string;
  summary: string;
};

export type RevisionRecord = {
  environment: string;
  number: number;
  spec: EnvironmentSpec;
  specHash: string;
  changeNote: string;
  author: { id: string; name: string; email: string };
  createdAt: Date;
};

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
  findRevisions(name: string, query: { limit: number; before?: number }): Promise<Page<RevisionRecord>>;
  /** Creates the environment with revision 1; throws Conflict when the name is taken. */
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
  createdAt: Date;
  updatedAt: Date;
};

export type SealedSecret = { keyId: string; ciphertext: Buffer };

export interface ClusterStore {
  findClusters(): Promise<ClusterRecord[]>;
  findCluster(name: string): Promise<(ClusterRecord & { credential: SealedSecret }) | null>;
  createCluster(input: ClusterRecord & { credential: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord>;
  /** Writes URL, CA and credential kind only together with a new credential; without one, only touches the row. */
  updateCluster(input: ClusterRecord & { credential?: SealedSecret }, audit: AuditEntry): Promise<ClusterRecord>;
}

/** Seals secrets at rest (AES-256-GCM) and opens them; `aad` binds a ciphertext to its owner. */
export interface SecretBox {
  seal(plaintext: string, aad: string): SealedSecret;
  open(sealed: SealedSecret, aad: string): string;
}

export type UserRecord = { id: string; subject: string; email: string; name: string; role: Role };

export interface UserStore {
  /** Creates or refreshes (and re-enables) a user at sign-in, with the role their groups give today. */
  upsertFromSignIn(input: Omit<UserRecord, 'id'>, requestId: string): Promise<UserRecord>;
  /**
   * A known user whose groups no longer grant a role: disabled, with every live API token revoked,
   * in one transaction. Unknown subjects are left alone. Returns whether anything changed.
   */
  disableFromSignIn(subject: string, requestId: string): Promise<boolean>;
  /** An enabled user, or null (unknown or disabled). */
  getUser(id: string): Promise<UserRecord | null>;
}

export type ApiTokenRecord = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

export interface ApiTokenStore {
  createToken(input: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date }, audit: AuditEntry): Promise<ApiTokenRecord>;
  findTokens(userId: string): Promise<ApiTokenRecord[]>;
  revokeToken(input: { userId: string; id: string }, audit: AuditEntry): Promise<ApiTokenRecord>;
  /** The live token's enabled owner by hash; null when unknown, revoked, expired or disabled. Marks it used. */
  findOwnerByHash(tokenHash: string, now: Date): Promise<UserRecord | null>;
}

export type AuditRecord = Omit<AuditEntry, 'actor'> & { id: string; actorLabel: string; createdAt: Date };

export interface AuditLog {
  findEvents(query: { limit: number; cursor?: string; targetName?: string }): Promise<Page<AuditRecord>>;
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
