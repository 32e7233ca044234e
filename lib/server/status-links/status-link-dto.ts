import type { StatusLinkDto } from '@/lib/core/status/status-contract';
import { statusLinkState, type StatusLinkRecord } from '@/lib/core/status/status-link';

export function toStatusLinkDto(link: StatusLinkRecord, now: Date): StatusLinkDto {
  return {
    id: link.id,
    environment: link.environment,
    label: link.label,
    state: statusLinkState(link, now),
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    revokedBy: link.revokedBy,
    lastUsedAt: link.lastUsedAt?.toISOString() ?? null,
  };
}
