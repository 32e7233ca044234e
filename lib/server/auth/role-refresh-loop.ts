import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps';
import { logger } from '../logger';
import { refreshDueUserRoles } from './refresh-user-roles';

const tickMs = 60_000;

/**
 * Runs the identity-provider role check every minute in the server process; each user is checked
 * at most every 15 minutes (refreshDueUserRoles claims only those due). The timer never keeps the
 * process alive, and a slow round is never overlapped by the next.
 */
export function startRoleRefreshLoop(deps: Deps): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    const requestId = randomUUID();
    try {
      const totals = await refreshDueUserRoles(deps, requestId);
      if (totals['role-changed'] || totals.disabled || totals.failed) logger.info('identity provider role check', { requestId, ...totals });
    } catch (error) {
      logger.error('identity provider role check crashed', { requestId, error: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
