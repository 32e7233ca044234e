import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { Alert } from '../ui/alert';

/**
 * Whether the always-firing Watchdog alert reaches anyone: Alertmanager sends it to the dead man's
 * switch, which pages when the pings stop (a dead Prometheus or Alertmanager cannot alert on itself).
 */
export function WatchdogStatus({ spec }: { spec: Pick<EnvironmentSpec, 'tier' | 'observability'> }) {
  const url = spec.observability.deadMansSwitchUrl;
  if (url) {
    return (
      <p className="text-sm">
        <span className="font-medium">Watchdog heartbeat</span> goes to <span className="font-mono text-xs break-all">{url}</span>, which should page when it stops.
      </p>
    );
  }
  const text = 'No dead man’s switch URL: the always-firing Watchdog alert reaches no one, so nobody learns when Prometheus or Alertmanager itself stops.';
  if (spec.tier === 'development') return <p className="text-sm text-slate-600 dark:text-slate-400">{text}</p>;
  return (
    <Alert tone="warning" title="Nothing watches the watchers">
      {text} Set one (a heartbeat check outside the cluster) in the environment’s observability settings.
    </Alert>
  );
}
