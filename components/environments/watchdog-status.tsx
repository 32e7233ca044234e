import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { Alert } from '../ui/alert';

/**
 * Whether the always-firing Watchdog alert reaches anyone: Alertmanager sends it to the dead man's
 * switch, which pages when the pings stop (a dead Prometheus or Alertmanager cannot alert on itself).
 */
export function WatchdogStatus({ spec }: { spec: Pick<EnvironmentSpec, 'tier' | 'observability'> }) {
  if (spec.observability.deadMansSwitch) {
    return (
      <p className="text-sm">
        <span className="font-medium">Watchdog heartbeat</span> goes to the dead man’s switch whose ping URL the Secret{' '}
        <span className="font-mono text-xs">alertmanager-receivers</span> holds (key <span className="font-mono text-xs">dead-mans-switch-url</span>); it should page when the pings stop.
      </p>
    );
  }
  const text = 'No dead man’s switch: the always-firing Watchdog alert reaches no one, so nobody learns when Prometheus or Alertmanager itself stops.';
  if (spec.tier === 'development') return <p className="text-sm text-slate-600 dark:text-slate-400">{text}</p>;
  return (
    <Alert tone="warning" title="Nothing watches the watchers">
      {text} Turn it on in the environment’s observability settings and put the heartbeat check’s ping URL in the Secret.
    </Alert>
  );
}
