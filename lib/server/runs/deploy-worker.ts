import { hostname } from 'node:os';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { executeDeployRun } from './execute-deploy-run';

// The worker process's loop (scripts/worker.ts): execute deploy-run jobs from the queue, and
// every half lease say it is alive (deploy_workers, so a queued run can tell whether any worker will
// take it) and look for runs nobody is executing (a worker died mid-run, or a job was lost) and
// queue them again (one waiting job per run: the queue drops duplicates). Several workers may run at
// once; a run's lease lets exactly one execute it. Stopping (SIGTERM) hands the runs it holds back to
// the queue at their next object, without counting the attempt, so the next worker resumes at once.

export type DeployRunJobs = {
  work(handler: (runId: string) => Promise<void>, concurrency: number): Promise<void>;
  stop(): Promise<void>;
};

export type DeployWorker = { worker: string; stop(): Promise<void> };

export async function startDeployWorker(deps: Deps, jobs: DeployRunJobs, options: { concurrency: number; worker?: string }): Promise<DeployWorker> {
  const worker = options.worker ?? `${hostname()}:${process.pid}`;
  const active = new Set<AbortController>();
  let stopping = false;
  await deps.runs.recordWorker(worker, 'alive');
  await jobs.work(async (runId) => {
    if (stopping) {
      // Delivered while stopping: leave it to the next worker, at once.
      await deps.jobs.enqueueDeployRun(runId);
      return;
    }
    const controller = new AbortController();
    active.add(controller);
    try {
      const outcome = await executeDeployRun(deps, runId, worker, { signal: controller.signal });
      logger.info('deploy-run job', { runId, worker, outcome });
    } finally {
      active.delete(controller);
    }
  }, options.concurrency);
  let sweeping: Promise<void> | null = null;
  const sweep = () => {
    if (sweeping || stopping) return;
    sweeping = sweepOnce().finally(() => {
      sweeping = null;
    });
  };
  const sweepOnce = async () => {
    try {
      await deps.runs.recordWorker(worker, 'alive');
      for (const runId of await deps.runs.findStrandedRuns(deps.deploy.leaseSeconds)) {
        logger.warn('deploy run stranded; queueing it again', { runId, worker });
        await deps.jobs.enqueueDeployRun(runId);
      }
    } catch (error) {
      logger.warn('stranded-run sweep failed', { worker, error: (error as Error).message });
    }
  };
  const timer = setInterval(sweep, (deps.deploy.leaseSeconds * 1000) / 2);
  sweep();
  logger.info('deploy worker started', { worker, concurrency: options.concurrency });
  return {
    worker,
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      // Each run stops at its next object (an apply in flight finishes first) and is handed back.
      for (const controller of active) controller.abort();
      await jobs.stop();
      // A sweep in flight records the worker alive: let it land first, or it would overwrite 'stopped'.
      await sweeping;
      await deps.runs.recordWorker(worker, 'stopped').catch((error: Error) => logger.warn('could not record the worker stopped', { worker, error: error.message }));
    },
  };
}
