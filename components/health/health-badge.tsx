import type { HealthStatus } from '@/lib/core/health/component-health';
import { Badge, type BadgeTone } from '../ui/badge';

const tones: Record<HealthStatus, BadgeTone> = { Healthy: 'success', Progressing: 'info', Degraded: 'danger', 'Scaled to zero': 'neutral', Unknown: 'warning' };

/** A component's verdict as a badge (the words carry it; colour only repeats them). */
export function HealthBadge({ status }: { status: HealthStatus }) {
  return (
    <Badge tone={tones[status]}>
      <span data-testid="health-status">{status}</span>
    </Badge>
  );
}

/** Firing alerts as a small count, critical ones called out; nothing when none fire. */
export function FiringAlertCount({ firing, critical }: { firing: number; critical: number }) {
  if (firing === 0) return null;
  return (
    <Badge tone={critical > 0 ? 'danger' : 'warning'}>
      <span data-testid="firing-alerts">
        {firing} firing alert{firing === 1 ? '' : 's'}
        {critical > 0 ? ` (${critical} critical)` : ''}
      </span>
    </Badge>
  );
}
