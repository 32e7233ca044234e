import type { AuditEntry, Page } from '../ports';
import type { PlanGate, Vote } from './approval-policy';
import type { PlainObject } from './cluster-gateway';
import type { PlanFlags, PlanProblem } from './plan-contract';
import type { Wave } from './waves';

// The stores approvals and deploy runs need (the Prisma adapters implement them). Every check that
// must hold when a row is written runs inside the store's transaction, on the locked plan row, as
// a callback that throws; every mutation writes its audit entry in the same transaction.

export type Person = { id: string; name: string; email: string };

export type PlanRecord = PlanGate & {
  id: string;
  revisionNumber: number;
  requester: Person;
  cluster: string;
  namespace: string;
  flags: Record<string, unknown>;
  closedAt: Date | null;
  closedReason: string | null;
};

export type ApprovalRecord = Vote & { id: string; planId: string; approver: Person; comment: string; createdAt: Date };

export type PlanCheck = (plan: PlanRecord, approvals: ApprovalRecord[]) => void;

export interface ApprovalStore {
  /** A plan with its approvals and rejections, or null. */
  getPlan(id: string): Promise<(PlanRecord & { approvals: ApprovalRecord[] }) | null>;
  /**
   * Locks the plan, runs `check`, and records the decision bound to the plan's hash, expiring
   * `expiresInHours` from now; a rejection also closes the plan. Conflict when this approver has
   * decided already.
   */
  recordDecision(
    input: { planId: string; approverId: string; decision: 'approved' | 'rejected'; comment: string },
    check: PlanCheck,
    audit: AuditEntry,
  ): Promise<ApprovalRecord>;
}

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const runObjectStatuses = ['pending', 'applied', 'unchanged', 'pruned', 'failed'] as const;
export type RunObjectStatus = (typeof runObjectStatuses)[number];
export type ObjectAction = 'create' | 'update' | 'unchanged' | 'delete';

export type RunRecord = {
  id: string;
  planId: string;
  environment: string;
  kind: 'deploy' | 'rollback';
  status: RunStatus;
  requester: Person;
  planHash: string;
  revisionNumber: number;
  cluster: string;
  approvers: Person[];
  error: string | null;
  attempts: number;
  /** Attempts handed back by a stopping worker: not counted toward the limit. */
  handbacks: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Objects by outcome so far, e.g. { applied: 12, pending: 98 }. */
  counts: Partial<Record<RunObjectStatus, number>>;
};

export type RunObjectRecord = {
  seq: number;
  objectId: string;
  kind: string;
  namespace: string;
  name: string;
  wave: Wave;
  action: ObjectAction;
  status: RunObjectStatus;
  message: string | null;
  resourceVersion: string | null;
  finishedAt: Date | null;
};

export type RunEventRecord = { id: string; runId: string; type: string; payload: Record<string, unknown>; createdAt: Date };

/**
 * One attempt's claim on a run: every write it makes is fenced by the attempt number, which only
 * grows. `handbacks`: earlier attempts handed back by stopping workers, which do not count.
 */
export type RunLease = { runId: string; attempt: number; worker: string; handbacks: number };

export type ObjectOutcome = { seq: number; status: RunObjectStatus; message?: string; resourceVersion?: string | null; event: { type: string; payload: Record<string, unknown> } };

/** What a run applies: the plan's objects in apply order, with this run's outcome of each so far. */
export type RunWork = {
  run: RunRecord;
  /** The plan as stored: what its hash binds besides the objects, and the fields a forced plan takes from other managers. */
  plan: { namespace: string; flags: PlanFlags; warnings: PlanProblem[] };
  objects: Array<RunObjectRecord & { apiVersion: string; desired: PlainObject | null; liveResourceVersion: string | null; liveFingerprint: string | null }>;
};

/** A plan's object as the deploy's checks need it: where it goes (deploy targets) and what the plan saw of it (drift). */
export type PlannedObject = {
  objectId: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  action: ObjectAction;
  /** What the apply sends (null for deletions): the drift check leaves out what it does not set. */
  desired: PlainObject | null;
  liveResourceVersion: string | null;
  /** liveFingerprint when planned; null: absent, unreadable, or a plan made before fingerprints. */
  liveFingerprint: string | null;
};

/** What an environment runs now: its last successful run. */
export type DeployedState = { run: RunRecord; images: Record<string, string> } | null;

export interface DeployRunStore {
  /**
   * Locks the plan, runs `check`, creates the run (queued, one pending row per plan object) and
   * its job in one transaction, and marks the plan deploying. Conflict naming the active run when
   * the environment has one.
   */
  createRun(input: { planId: string; requestedBy: string; kind: 'deploy' | 'rollback' }, check: PlanCheck, audit: AuditEntry): Promise<RunRecord>;
  findRuns(environment: string, query: { limit: number; cursor?: string }): Promise<Page<RunRecord>>;
  /**
   * The environment's newest run, of any status, whose plan covered `component` (its flags name no
   * components, so the whole environment, or name it). Null when no run ever did.
   */
  findLastRunCovering(environment: string, component: string): Promise<RunRecord | null>;
  getRun(id: string): Promise<(RunRecord & { objects: RunObjectRecord[] }) | null>;
  /** Events after `afterId` (exclusive), oldest first. */
  findEvents(runId: string, afterId: string | null, limit: number): Promise<RunEventRecord[]>;
  /** The run's status alone (null when there is no such run): what a progress stream polls besides events. */
  findRunStatus(runId: string): Promise<RunStatus | null>;
  /** The id of the run's latest event (null: none yet). */
  findLastEventId(runId: string): Promise<string | null>;
  findDeployedState(environment: string): Promise<DeployedState>;
  /** The revisions a run of this environment deployed successfully, newest first. */
  findDeployedRevisions(environment: string): Promise<number[]>;
  /** A plan's objects as the drift check needs them, in apply order. */
  findPlannedObjects(planId: string): Promise<PlannedObject[]>;

  /**
   * Takes a run for this worker: a queued one, or a running one whose lease lapsed (its worker
   * died). Null when another worker holds it or it has ended. Increments the attempt.
   */
  claimRun(runId: string, worker: string, leaseSeconds: number): Promise<RunLease | null>;
  /** Renews the lease; false when it was lost (another attempt took over, or the run ended). */
  renewLease(lease: RunLease): Promise<boolean>;
  loadWork(runId: string): Promise<RunWork>;
  /** Records objects' outcomes and their events, in one transaction; false when the lease was lost. */
  recordObjects(lease: RunLease, outcomes: ObjectOutcome[]): Promise<boolean>;
  appendEvent(lease: RunLease, type: string, payload: Record<string, unknown>): Promise<boolean>;
  /**
   * Ends the run (and its plan: deployed, or failed) with its final event, and updates the
   * environment's inventory with what the run left on the cluster (mergeInventory).
   */
  finishRun(lease: RunLease, outcome: { status: 'succeeded' | 'failed' | 'interrupted'; error?: string }, audit: AuditEntry): Promise<boolean>;
  /**
   * A stopping worker hands the run back: queued again with a new job at once, the attempt not
   * counted. False when the lease was lost.
   */
  releaseRun(lease: RunLease, reason: string): Promise<boolean>;
  /**
   * Cancels a queued run (nobody executes it now): its plan fails, its final event is written, the
   * inventory learns what earlier attempts applied. Runs `check` on the run first; Conflict when it
   * is no longer queued.
   */
  cancelRun(runId: string, check: (run: RunRecord) => void, audit: AuditEntry): Promise<RunRecord>;
  /** Runs whose worker stopped renewing its lease, and queued runs nobody took. */
  findStrandedRuns(leaseSeconds: number): Promise<string[]>;
  /** How many runs wait in the queue and how many are executing (the console's queue-depth metric). */
  countActiveRuns(): Promise<{ queued: number; running: number }>;
  /** A worker says it is alive (at start and every half lease); `stopped` when it shuts down. */
  recordWorker(name: string, state: 'alive' | 'stopped'): Promise<void>;
  /** When a deploy worker that has not stopped was last seen, or null when none ever was. */
  lastWorkerSeen(): Promise<Date | null>;
}

/** Queues a deploy run's job; the store calls it inside its transaction with its SQL executor. */
export type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };
export interface JobQueue {
  enqueueDeployRun(runId: string, db?: SqlExecutor): Promise<void>;
}
