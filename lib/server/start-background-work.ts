import { startRoleRefreshLoop } from './auth/role-refresh-loop';
import { getDeps } from './deps';

/** What the server does on its own besides answering requests. */
export function startBackgroundWork(): void {
  startRoleRefreshLoop(getDeps());
}
