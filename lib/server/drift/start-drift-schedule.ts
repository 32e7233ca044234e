import type { DriftCycleQueue } from '@/lib/core/ports';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { checkAllDrift } from './check-all-drift';

/**
 * Every deploy worker offers the drift cycle's job for the current slot (every minute, or every
 * slot when shorter) and works the queue; the queue keeps one job per slot however many offer it,
 * so with several replicas each slot's cycle runs once. 0 minutes: no schedule (on demand only).
 */
export async function startDriftSchedule(deps: Deps, queue: DriftCycleQueue, intervalMinutes: number): Promise<{ stop(): void }> {
  if (intervalMinutes === 0) return { stop: () => undefined };
  const slotSeconds = intervalMinutes * 60;
  await queue.workDriftCycles(async () => {
    const checks = await checkAllDrift(deps);
    logger.info('drift cycle', { environments: checks.length, drifted: checks.filter((check) => check.status === 'drifted').map((check) => check.environment), failed: checks.filter((check) => check.status === 'failed').length });
  });
  const offer = () => void queue.sendDriftCycle(slotSeconds).catch((error: Error) => logger.warn('drift cycle not offered', { error: error.message }));
  offer();
  const timer = setInterval(offer, Math.min(slotSeconds, 60) * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
