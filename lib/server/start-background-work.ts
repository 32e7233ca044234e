import { startRoleRefreshLoop } from './auth/role-refresh-loop';
import { getDeps } from './deps';
import { startTelemetry } from './telemetry/start-telemetry';

/** What the server does on its own besides answering requests. */
export function startBackgroundWork(): void {
  startRoleRefreshLoop(getDeps());
  void startTelemetry(getDeps(), 'web');
}
