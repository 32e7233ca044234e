'use client';

import { useQuery } from '@tanstack/react-query';
import type { WebhookDeliveryDto } from '@/lib/core/notifications/webhook-contract';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Badge, type BadgeTone } from '../ui/badge';
import { DateTime } from '../ui/date-time';
import { EmptyState } from '../ui/empty-state';
import { Table, Td, Th } from '../ui/table';

export const deliveriesKey = (environment: string, webhookId: string) => ['webhook-deliveries', environment, webhookId] as const;

const statusTone: Record<WebhookDeliveryDto['status'], BadgeTone> = { pending: 'info', retrying: 'warning', delivered: 'success', failed: 'danger' };

/** A webhook's delivery log, refreshed every few seconds while a delivery is still under way. */
export function WebhookDeliveries({ environment, webhookId, webhookName }: { environment: string; webhookId: string; webhookName: string }) {
  const deliveries = useQuery({
    queryKey: deliveriesKey(environment, webhookId),
    queryFn: () => apiRequest<{ items: WebhookDeliveryDto[] }>(`/api/v1/environments/${encodeURIComponent(environment)}/webhooks/${webhookId}/deliveries`).then((page) => page.items),
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'pending' || d.status === 'retrying') ? 3000 : false),
  });
  if (deliveries.isError) return <Alert tone="danger" title="The delivery log could not be read">{deliveries.error.message}</Alert>;
  if (!deliveries.data) return <p className="text-sm text-slate-600 dark:text-slate-400">Loading deliveries…</p>;
  if (deliveries.data.length === 0) return <EmptyState title="Nothing sent yet">Events of this environment, and tests, show here with the receiver’s answer.</EmptyState>;
  return (
    <Table caption={`Deliveries to ${webhookName}`}>
      <thead>
        <tr>
          <Th>Event</Th>
          <Th>Status</Th>
          <Th>Attempts</Th>
          <Th>Last answer</Th>
          <Th>Updated</Th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((delivery) => (
          <tr key={delivery.id}>
            <Td className="font-mono text-xs">{delivery.event}</Td>
            <Td>
              <Badge tone={statusTone[delivery.status]}>{delivery.status}</Badge>
            </Td>
            <Td>{delivery.attempts}</Td>
            <Td className="max-w-md">
              {delivery.lastStatusCode !== null ? <span className="font-mono text-xs">HTTP {delivery.lastStatusCode} </span> : null}
              <span className="break-words text-xs text-slate-700 dark:text-slate-300">{delivery.lastResponse ?? '—'}</span>
            </Td>
            <Td className="whitespace-nowrap">
              <DateTime value={delivery.updatedAt} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
