import { Badge, type BadgeTone } from '@/components/ui/badge';

const tones: Record<string, BadgeTone> = { queued: 'neutral', running: 'info', succeeded: 'success', failed: 'danger', interrupted: 'warning', cancelled: 'neutral' };

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status] ?? 'neutral'}>{status}</Badge>;
}
