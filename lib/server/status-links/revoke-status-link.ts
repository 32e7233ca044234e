import { canShareStatusPages } from '@/lib/core/auth/roles';
import type { StatusLinkRecord } from '@/lib/core/status/status-link';
import { auditEntry, enforce, requireActor, type UseCaseContext } from '../context';

export async function revokeStatusLink(ctx: UseCaseContext, environment: string, id: string): Promise<StatusLinkRecord> {
  const actor = requireActor(ctx);
  enforce(canShareStatusPages(actor));
  return ctx.deps.statusLinks.revokeLink(
    { environment, id, revokedBy: actor.userId },
    auditEntry(ctx, { action: 'status-link.revoked', targetType: 'environment', targetName: environment, summary: `status page link ${id} revoked by ${actor.email}` }),
  );
}
