import { z } from 'zod';
import type { AuditEventDto } from '@/lib/core/contract/responses';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { pageQuery, readQuery } from '@/lib/server/http/query';

const auditQuery = pageQuery.extend({ cursor: z.uuid().optional(), target: z.string().max(253).optional() });

export const GET = apiRoute(async ({ ctx, url }) => {
  const query = readQuery(url, auditQuery);
  const page = await findAuditEvents(ctx, { limit: query.limit, cursor: query.cursor, targetName: query.target });
  const items: AuditEventDto[] = page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() }));
  return json({ items, nextCursor: page.nextCursor });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
