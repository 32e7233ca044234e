import { clusterRequestDeadlineMs } from '@/lib/core/deploy/cluster-gateway';
import type { RunLease } from '@/lib/core/deploy/deploy-ports';
import type { DeployRunStore } from '@/lib/core/deploy/deploy-ports';

// A worker's hold on a run's lease, as the worker itself can know it. The database fences every write
// the worker makes there by attempt number, but the cluster cannot be fenced: a worker cut off from
// the database (a partition, a hung connection) would go on applying while another worker, seeing the
// lease lapse, takes the run over. So the worker keeps a local deadline: the moment it sent its last
// write the database confirmed (its heartbeat_at is later than that), plus the lease, minus a margin
// for clock rates and the write in flight. Past it, or once the database answers that another
// attempt holds the run, the lease is lost: no more cluster writes. Database calls get a timeout, so
// a hung database is noticed instead of waited on forever.

export class LeaseLost extends Error {
  constructor(reason: string) {
    super(`lease lost: ${reason}`);
  }
}

export type LeaseKeeper = {
  /** Throws LeaseLost unless the lease is certainly still held: call right before every cluster write. */
  assertHeld(): void;
  readonly lost: boolean;
  /** Why the lease counts as lost, once it does. */
  readonly lostReason: string | undefined;
  /**
   * Runs one database write fenced by the lease (it answers true: written and renewed; false: another
   * attempt holds the run) under the database timeout. False, and the lease lost, when another
   * attempt holds the run or the database did not answer in time (whether it wrote is unknown).
   */
  write(call: () => Promise<boolean>): Promise<boolean>;
  stop(): void;
};

export type LeaseTiming = {
  /** The lease, from the last renewal the database confirmed. */
  leaseMs: number;
  /** Kept back from the lease: cluster writes stop this long before another worker may take over. */
  marginMs: number;
  /** How often the lease is renewed while nothing else is written. */
  renewEveryMs: number;
  /** The longest a renewal or a recording write may take before the database counts as unreachable. */
  dbTimeoutMs: number;
};

/**
 * Renewals every quarter lease. Cluster writes stop early enough that one begun just before the
 * local deadline lands before another worker may take over: the margin is the write's own deadline
 * (`writeDeadlineMs`, retries included) plus 2 s, at least a quarter lease, at most half of it (so
 * two renewals may fail in a row). With the default 60 s lease: writes stop 17 s early. A lease
 * under about 38 s cannot keep the whole write deadline back (ARCHITECTURE.md says so).
 */
export function leaseTiming(leaseSeconds: number, writeDeadlineMs = clusterRequestDeadlineMs): LeaseTiming {
  const leaseMs = leaseSeconds * 1000;
  const marginMs = Math.min(leaseMs / 2, Math.max(leaseMs / 4, writeDeadlineMs + 2000));
  return { leaseMs, marginMs, renewEveryMs: Math.max(250, leaseMs / 4), dbTimeoutMs: Math.max(1000, Math.min(10_000, leaseMs / 3)) };
}

export class DatabaseTimeout extends Error {}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DatabaseTimeout(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function keepLease(runs: Pick<DeployRunStore, 'renewLease'>, lease: RunLease, timing: LeaseTiming, now: () => number = () => performance.now()): LeaseKeeper {
  // The claim renewed the lease a moment ago: count from now, which is later than the database's time of it.
  let renewedAt = now();
  let lostReason: string | undefined;
  let renewing = false;
  const expired = () => now() > renewedAt + timing.leaseMs - timing.marginMs;

  /** 'held' renews the local deadline from the moment the write was sent (the database stamped it later). */
  const attempt = async (call: () => Promise<boolean>): Promise<'held' | 'taken' | 'timeout'> => {
    const sentAt = now();
    try {
      if (!(await withTimeout(call(), timing.dbTimeoutMs, 'a database write of the run'))) return 'taken';
    } catch (error) {
      if (error instanceof DatabaseTimeout) return 'timeout';
      throw error;
    }
    renewedAt = Math.max(renewedAt, sentAt);
    return 'held';
  };

  const timer = setInterval(() => {
    if (renewing || lostReason) return;
    renewing = true;
    attempt(() => runs.renewLease(lease))
      .then((answer) => {
        if (answer === 'taken') lostReason ??= 'another attempt holds the run';
      })
      // A renewal that failed or hung is not yet a lost lease: the deadline decides, the next renewal may pass.
      .catch(() => undefined)
      .finally(() => (renewing = false));
  }, timing.renewEveryMs);

  return {
    assertHeld() {
      if (!lostReason && expired()) lostReason = `no renewal confirmed by the database for ${Math.round(now() - renewedAt)} ms (lease ${timing.leaseMs} ms)`;
      if (lostReason) throw new LeaseLost(lostReason);
    },
    get lost() {
      return lostReason !== undefined || expired();
    },
    get lostReason() {
      return lostReason;
    },
    async write(call) {
      if (lostReason) return false;
      const answer = await attempt(call);
      if (answer === 'taken') lostReason ??= 'another attempt holds the run';
      if (answer === 'timeout') lostReason ??= `the database did not answer within ${timing.dbTimeoutMs} ms`;
      return answer === 'held';
    },
    stop: () => clearInterval(timer),
  };
}
