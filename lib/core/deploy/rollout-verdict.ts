import type { RolloutStatus } from './cluster-gateway';

// When a deploy's rollouts count as healthy, and how a failed one is named: the workload, how far
// it got, and the pods holding it back with their reasons (CrashLoopBackOff, ImagePullBackOff,
// Pending with the scheduler's message).

export type RolloutVerdict = { state: 'healthy' } | { state: 'waiting' } | { state: 'failed'; message: string };

export function describeRollout(name: string, status: RolloutStatus): string {
  const counts = `${status.updated}/${status.wanted} updated, ${status.ready} ready, ${status.available} available`;
  const pods = status.problems.map((problem) => `pod ${problem.pod} ${problem.reason}${problem.message ? `: ${problem.message}` : ''}`);
  const notes = [status.stalled && 'progress deadline exceeded', status.paused && 'paused: spec.paused is true, resume it (kubectl rollout resume) and deploy again'].filter(Boolean);
  return `${name} (${counts}${notes.map((note) => `, ${note}`).join('')})${pods.length ? `: ${pods.join('; ')}` : ''}`;
}

/**
 * All complete: healthy. A stalled or paused one (it will not progress by waiting), or any
 * incomplete one past the deadline: failed, naming them.
 */
export function rolloutVerdict(statuses: Map<string, RolloutStatus>, timedOut: boolean): RolloutVerdict {
  const incomplete = [...statuses].filter(([, status]) => !status.complete);
  if (incomplete.length === 0) return { state: 'healthy' };
  const stuck = incomplete.filter(([, status]) => status.stalled || status.paused);
  const failing = stuck.length > 0 ? stuck : timedOut ? incomplete : [];
  if (failing.length === 0) return { state: 'waiting' };
  const why = stuck.length === 0 ? 'rollout not healthy before the timeout' : stuck.every(([, status]) => status.paused) ? 'rollout paused' : 'rollout stalled';
  return { state: 'failed', message: `${why}: ${failing.map(([name, status]) => describeRollout(name, status)).join(' | ')}` };
}
