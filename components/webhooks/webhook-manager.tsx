'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import type { CreatedWebhookDto, CreateWebhookInput, WebhookDeliveryDto, WebhookDto } from '@/lib/core/notifications/webhook-contract';
import { ApiError, apiRequest } from '../api/api-request';
import { NoticeAlert, type Notice } from '../ui/alert';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DateTime } from '../ui/date-time';
import { EmptyState } from '../ui/empty-state';
import { ActionsTh, Table, Td, Th } from '../ui/table';
import { NewTokenSecret } from '../tokens/new-token-secret';
import { deliveriesKey, WebhookDeliveries } from './webhook-deliveries';
import { WebhookForm, type WebhookFieldErrors } from './webhook-form';

const webhooksKey = (environment: string) => ['webhooks', environment] as const;

/** Admins add outgoing webhooks (the signing secret shown once), send a test, read the delivery log, delete. */
export function WebhookManager({ environment, initialWebhooks }: { environment: string; initialWebhooks: WebhookDto[] }) {
  const queryClient = useQueryClient();
  const base = `/api/v1/environments/${encodeURIComponent(environment)}/webhooks`;
  const webhooks = useQuery({ queryKey: webhooksKey(environment), queryFn: () => apiRequest<{ items: WebhookDto[] }>(base).then((page) => page.items), initialData: initialWebhooks });
  const [fieldErrors, setFieldErrors] = useState<WebhookFieldErrors>({});
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<WebhookDto | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: webhooksKey(environment) });

  const create = useMutation({
    mutationFn: (input: { body: CreateWebhookInput; reset: () => void }) => apiRequest<CreatedWebhookDto>(base, { method: 'POST', body: input.body }),
    onSuccess: (webhook, input) => {
      input.reset();
      setCreated({ name: webhook.name, secret: webhook.secret });
      setFieldErrors({});
      setNotice(null);
      refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const next: WebhookFieldErrors = {};
        for (const issue of error.issues) {
          const field = issue.path.split('.')[0] as keyof WebhookFieldErrors;
          if (['name', 'url', 'format', 'events'].includes(field)) next[field] ??= issue.message;
        }
        setFieldErrors(next);
      }
      setNotice({ tone: 'danger', text: error.message });
    },
  });

  const test = useMutation({
    mutationFn: (webhook: WebhookDto) => apiRequest<WebhookDeliveryDto>(`${base}/${webhook.id}/test`, { method: 'POST' }),
    onSuccess: (_, webhook) => {
      setOpen(webhook.id);
      setNotice({ tone: 'success', text: `Test queued for ${webhook.name}: its outcome shows in the delivery log.` });
      void queryClient.invalidateQueries({ queryKey: deliveriesKey(environment, webhook.id) });
    },
    onError: (error) => setNotice({ tone: 'danger', text: error.message }),
  });

  const remove = useMutation({
    mutationFn: (webhook: WebhookDto) => apiRequest<WebhookDto>(`${base}/${webhook.id}`, { method: 'DELETE' }),
    onSuccess: (webhook) => {
      setDeleting(null);
      setNotice({ tone: 'success', text: `Deleted the webhook ${webhook.name} and its delivery log.` });
      refresh();
    },
    onError: (error) => {
      setDeleting(null);
      setNotice({ tone: 'danger', text: error.message });
    },
  });

  return (
    <div className="space-y-4">
      <NoticeAlert notice={notice} />
      {created ? <NewTokenSecret name={created.name} secret={created.secret} what="signing secret of the webhook" fieldLabel="Webhook signing secret" onDone={() => setCreated(null)} /> : null}
      <WebhookForm pending={create.isPending} errors={fieldErrors} onSubmit={(body, reset) => create.mutate({ body, reset })} />
      {webhooks.data.length === 0 ? (
        <EmptyState title="No webhooks">Add one to hear about plans awaiting approval, decisions, deploy runs, drift and failed backups.</EmptyState>
      ) : (
        <Table caption="Outgoing webhooks">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>URL</Th>
              <Th>Format and events</Th>
              <Th>Created</Th>
              <ActionsTh />
            </tr>
          </thead>
          <tbody>
            {webhooks.data.map((webhook) => (
              <Fragment key={webhook.id}>
                <tr>
                  <Td className="font-medium">{webhook.name}</Td>
                  <Td className="max-w-xs break-all font-mono text-xs">{webhook.urlHint}</Td>
                  <Td className="text-xs">
                    {webhook.format}
                    <div className="text-slate-600 dark:text-slate-400">{webhook.events.length ? webhook.events.join(', ') : 'every event'}</div>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <DateTime value={webhook.createdAt} />
                    <div className="text-xs text-slate-600 dark:text-slate-400">by {webhook.createdBy}</div>
                  </Td>
                  <Td className="space-x-2 whitespace-nowrap text-right">
                    <Button className="px-2.5 py-1" aria-label={`Send a test to ${webhook.name}`} disabled={test.isPending} onClick={() => test.mutate(webhook)}>
                      Send test
                    </Button>
                    <Button className="px-2.5 py-1" aria-expanded={open === webhook.id} aria-label={`Deliveries of ${webhook.name}`} onClick={() => setOpen(open === webhook.id ? null : webhook.id)}>
                      Deliveries
                    </Button>
                    <Button variant="danger" className="px-2.5 py-1" aria-label={`Delete ${webhook.name}`} onClick={() => setDeleting(webhook)}>
                      Delete
                    </Button>
                  </Td>
                </tr>
                {open === webhook.id ? (
                  <tr>
                    <td colSpan={5} className="px-3 pb-4">
                      <WebhookDeliveries environment={environment} webhookId={webhook.id} webhookName={webhook.name} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </Table>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the webhook ${deleting?.name ?? ''}?`}
        confirmLabel="Delete webhook"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
      >
        It receives nothing more, at once, and its delivery log is deleted with it. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
