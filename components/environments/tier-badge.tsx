import type { Tier } from '@/lib/core/environments/environment-spec';
import { Badge, type BadgeTone } from '../ui/badge';

const toneByTier: Record<Tier, BadgeTone> = { development: 'success', staging: 'warning', production: 'danger' };

export function TierBadge({ tier }: { tier: Tier }) {
  return <Badge tone={toneByTier[tier]}>{tier}</Badge>;
}

export function ProtectedBadge({ approvalsRequired }: { approvalsRequired?: number }) {
  const approvals = approvalsRequired === undefined ? '' : ` · ${approvalsRequired} approval${approvalsRequired === 1 ? '' : 's'}`;
  return (
    <Badge tone="neutral">
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3 fill-current">
        <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V7a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z" />
      </svg>
      protected{approvals}
    </Badge>
  );
}
