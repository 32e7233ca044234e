import { canReadAudit } from '@/lib/core/auth/roles';
import type { AuditRecord, Page } from '@/lib/core/ports';
import { enforce, requireActor, type UseCaseContext } from '../context';

export async function findAuditEvents(
  ctx: UseCaseContext,
  query: { limit: number; cursor?: string; targetName?: string },
): Promise<Page<AuditRecord>> {
  enforce(canReadAudit(requireActor(ctx)));
  return ctx.deps.audit.findEvents(query);
}
