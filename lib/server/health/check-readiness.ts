import { type CheckOutcome, type ReadinessProbe, type ReadinessReport, readinessReport } from '@/lib/core/health/readiness';
import { logger } from '../logger';

/** Far longer than a healthy query takes, shorter than the probe's own 5 s timeout (manifests/console). */
export const readinessCheckTimeoutMs = 3000;

/**
 * The readiness probe's answer. Unauthenticated on purpose (the kubelet has no token): it takes no
 * input and says only which check failed; the cause goes to the log.
 */
export async function checkReadiness(probe: ReadinessProbe, timeoutMs = readinessCheckTimeoutMs): Promise<ReadinessReport> {
  const [database, jobQueue] = await Promise.all([
    outcomeOf('database', () => probe.database().then(() => 'ok' as const), timeoutMs),
    outcomeOf('jobQueue', () => probe.jobQueue(), timeoutMs),
  ]);
  return readinessReport({ database, jobQueue });
}

async function outcomeOf(name: string, check: () => Promise<'ok' | 'not installed'>, timeoutMs: number): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), timeoutMs)));
  try {
    const outcome = await Promise.race([check(), timedOut]);
    if (outcome !== 'ok') logger.warn('readiness check failed', { check: name, outcome });
    return outcome;
  } catch (error) {
    logger.warn('readiness check failed', { check: name, error: (error as Error).message });
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
