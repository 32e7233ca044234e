'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { AuditTable, type AuditEventView } from './audit-table';

type AuditPage = { items: AuditEventView[]; nextCursor: string | null };

const pageSize = 50;

/** The first page comes from the server render; "Load more" follows the API's cursor. */
export function AuditLog({ firstPage }: { firstPage: AuditPage }) {
  const query = useInfiniteQuery({
    queryKey: ['audit-events'],
    queryFn: ({ pageParam }) =>
      apiRequest<AuditPage>(`/api/v1/audit-events?limit=${pageSize}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    initialData: { pages: [firstPage], pageParams: [null] },
  });
  const events = query.data.pages.flatMap((page) => page.items);
  if (events.length === 0) return <EmptyState title="No audit events yet">Every change made through the console is recorded here.</EmptyState>;
  return (
    <div className="space-y-4">
      <AuditTable events={events} />
      {query.isFetchNextPageError ? <Alert tone="danger">Could not load more events: {query.error?.message}</Alert> : null}
      <div className="flex items-center gap-3">
        {query.hasNextPage ? (
          <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">That is the whole log.</p>
        )}
        <span className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {events.length} event{events.length === 1 ? '' : 's'} shown
        </span>
      </div>
    </div>
  );
}
