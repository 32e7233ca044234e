import type { AlertView, EnvironmentAlerts } from '@/lib/core/alerts/alerts';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { DateTime } from '@/components/ui/date-time';
import { Table, Td, Th } from '@/components/ui/table';
import { ExternalLink } from '@/components/ui/external-link';
import { NoData, Unavailable } from './unavailable';

const severityTones: Record<string, BadgeTone> = { critical: 'danger', warning: 'warning', info: 'info' };

/** A component's firing and pending alerts as one badge (nothing when it has none, unless `showNone`). */
export function AlertCountBadge({ firing, pending, showNone = false }: { firing: number; pending: number; showNone?: boolean }) {
  if (firing > 0) return <Badge tone="danger">{firing} firing{pending ? `, ${pending} pending` : ''}</Badge>;
  if (pending > 0) return <Badge tone="warning">{pending} pending</Badge>;
  return showNone ? <Badge>no alerts</Badge> : null;
}

function Silences({ alert }: { alert: AlertView }) {
  if (alert.silencedBy === null) return <span className="text-slate-500">unknown</span>;
  if (!alert.silencedBy.length) return alert.inhibited ? <span>inhibited</span> : <span className="text-slate-500">none</span>;
  return (
    <ul className="space-y-1">
      {alert.silencedBy.map((silence) => (
        <li key={silence.id}>
          silenced by {silence.createdBy} until <DateTime value={silence.endsAt} />
          {silence.comment ? <span className="block text-xs text-slate-500 dark:text-slate-400">{silence.comment}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * Firing and pending alerts of an environment, or of one component: severity, since when, summary,
 * runbook and silences. A Prometheus or Alertmanager that failed says so above what is known.
 */
export function AlertList({ alerts, component }: { alerts: EnvironmentAlerts; component?: string }) {
  const shown = component ? alerts.alerts.filter((alert) => alert.component === component) : alerts.alerts;
  const { prometheus, alertmanager } = alerts.sources;
  return (
    <div className="space-y-3">
      {prometheus.ok ? null : <Unavailable reason={`the alerts could not be read: ${prometheus.message}`} />}
      {alertmanager.ok ? null : <Unavailable reason={`silences could not be read: ${alertmanager.message}`} />}
      {!prometheus.ok ? null : shown.length === 0 ? (
        <NoData>{component ? `No alerts firing or pending for ${component}.` : 'No alerts firing or pending.'}</NoData>
      ) : (
        <Table caption={component ? `Alerts of ${component}` : 'Alerts'}>
          <thead>
            <tr>
              <Th>Alert</Th>
              <Th>Severity</Th>
              <Th>State</Th>
              <Th>Since</Th>
              {component ? null : <Th>Component</Th>}
              <Th>Runbook</Th>
              <Th>Silences</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map((alert) => (
              <tr key={`${alert.name}-${JSON.stringify(alert.labels)}`}>
                <Td>
                  <span className="font-medium">{alert.name}</span>
                  {alert.summary ? <span className="block text-xs text-slate-600 dark:text-slate-400">{alert.summary}</span> : null}
                </Td>
                <Td>
                  <Badge tone={severityTones[alert.severity] ?? 'neutral'}>{alert.severity}</Badge>
                </Td>
                <Td>
                  <Badge tone={alert.state === 'firing' ? 'danger' : 'warning'}>{alert.state}</Badge>
                </Td>
                <Td className="whitespace-nowrap text-xs">
                  <DateTime value={alert.since} />
                </Td>
                {component ? null : <Td>{alert.component ?? <span className="text-slate-500">environment</span>}</Td>}
                <Td>{alert.runbookUrl ? <ExternalLink href={alert.runbookUrl}>Runbook</ExternalLink> : <span className="text-slate-500">none</span>}</Td>
                <Td className="text-xs">
                  <Silences alert={alert} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
