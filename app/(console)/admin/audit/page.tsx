import type { Metadata } from 'next';
import { canReadAudit } from '@/lib/core/auth/roles';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { AuditLog } from '@/components/audit/audit-log';
import { ForbiddenState } from '@/components/ui/forbidden-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage() {
  const ctx = await getPageContext('/admin/audit');
  const decision = canReadAudit(ctx.actor);
  if (!decision.allowed) return <ForbiddenState title="Audit log" reason={decision.reason} />;
  const page = await findAuditEvents(ctx, { limit: 50 });
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the console or the API, with who made it and the request id." />
      <AuditLog
        firstPage={{
          items: page.items.map((event) => ({
            id: event.id,
            createdAt: event.createdAt.toISOString(),
            actorLabel: event.actorLabel,
            action: event.action,
            targetType: event.targetType,
            targetName: event.targetName,
            summary: event.summary,
            requestId: event.requestId,
          })),
          nextCursor: page.nextCursor,
        }}
      />
    </>
  );
}
