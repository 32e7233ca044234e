import { hostname } from 'node:os';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { executeDeployRun } from './execute-deploy-run';

// The worker process's loop (scripts/worker.ts): execute deploy-run jobs from the queue, and
// every half lease look for runs nobody is executing (a worker died mid-run, or a job was lost)
// and queue them again. Several workers may run at once; a run's lease lets exactly one execute it.

export type DeployRunJobs = {
  work(handler: (runId: string) => Promise<void>, concurrency: number): Promise<void>;
  stop(): Promise<void>;
};

export async function startDeployWorker(deps: Deps, jobs: DeployRunJobs, options: { concurrency: number; worker?: string }): Promise<{ worker: string; stop(): Promise<void> }> {
  const worker = options.worker ?? `${hostname()}:${process.pid}`;
  await jobs.work(async (runId) => {
    const outcome = await executeDeployRun(deps, runId, worker);
    logger.info('deploy-run job', { runId, worker, outcome });
  }, options.concurrency);
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      for (const runId of await deps.runs.findStrandedRuns(deps.deploy.leaseSeconds)) {
        logger.warn('deploy run stranded; queueing it again', { runId, worker });
        await deps.jobs.enqueueDeployRun(runId);
      }
    } catch (error) {
      logger.warn('stranded-run sweep failed', { worker, error: (error as Error).message });
    } finally {
      sweeping = false;
    }
  };
  const timer = setInterval(sweep, (deps.deploy.leaseSeconds * 1000) / 2);
  void sweep();
  logger.info('deploy worker started', { worker, concurrency: options.concurrency });
  return {
    worker,
    stop: async () => {
      clearInterval(timer);
      await jobs.stop();
    },
  };
}
