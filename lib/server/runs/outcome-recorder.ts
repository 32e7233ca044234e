import type { DeployRunStore, ObjectOutcome, RunLease } from '@/lib/core/deploy/deploy-ports';

/**
 * Records object outcomes in small batches (a transaction per batch, not per object) so the database
 * keeps pace with parallel applies. A crash loses at most the unflushed batch: those objects are
 * applied again on resume (server-side apply is idempotent), never reported done unrecorded.
 * `flush` waits for everything queued so far; false once the lease was lost.
 */
export function outcomeRecorder(runs: Pick<DeployRunStore, 'recordObjects'>, lease: RunLease, options = { batch: 25, delayMs: 50 }) {
  let queued: ObjectOutcome[] = [];
  let chain: Promise<boolean> = Promise.resolve(true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let held = true;
  const flush = (): Promise<boolean> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = queued;
    queued = [];
    chain = chain.then(async (ok) => {
      if (!ok || batch.length === 0) return ok;
      held = await runs.recordObjects(lease, batch);
      return held;
    });
    return chain;
  };
  return {
    get held() {
      return held;
    },
    record(outcome: ObjectOutcome): void {
      queued.push(outcome);
      if (queued.length >= options.batch) void flush();
      else timer ??= setTimeout(() => void flush(), options.delayMs);
    },
    flush,
  };
}
