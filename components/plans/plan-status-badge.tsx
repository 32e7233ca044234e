import type { PlanStatus } from '@/lib/core/deploy/plan-contract';
import { Badge, type BadgeTone } from '../ui/badge';

const tones: Record<PlanStatus, BadgeTone> = {
  open: 'info',
  superseded: 'neutral',
  rejected: 'danger',
  expired: 'neutral',
  deploying: 'violet',
  deployed: 'success',
  failed: 'danger',
};

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
