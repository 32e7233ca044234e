'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { CreatedStatusLinkDto, StatusLinkDto } from '@/lib/core/status/status-contract';
import { ApiError, apiRequest } from '../api/api-request';
import { NoticeAlert, type Notice } from '../ui/alert';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { TextField } from '../ui/field';
import { NewTokenSecret } from '../tokens/new-token-secret';
import { StatusLinkTable } from './status-link-table';

const linksKey = (environment: string) => ['status-links', environment] as const;

/** Admins share the environment's status page: create a link (shown once), see expiry and last use, revoke with confirmation. */
export function StatusLinkManager({ environment, initialLinks }: { environment: string; initialLinks: StatusLinkDto[] }) {
  const queryClient = useQueryClient();
  const base = `/api/v1/environments/${encodeURIComponent(environment)}/status-links`;
  const links = useQuery({ queryKey: linksKey(environment), queryFn: () => apiRequest<{ items: StatusLinkDto[] }>(base).then((page) => page.items), initialData: initialLinks });
  const [label, setLabel] = useState('');
  const [days, setDays] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ label?: string; expiresInDays?: string }>({});
  const [created, setCreated] = useState<{ id: string; label: string; url: string } | null>(null);
  const [revoking, setRevoking] = useState<StatusLinkDto | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: linksKey(environment) });

  const create = useMutation({
    mutationFn: (body: { label: string; expiresInDays?: number }) => apiRequest<CreatedStatusLinkDto>(base, { method: 'POST', body }),
    onSuccess: (link) => {
      setCreated({ id: link.id, label: link.label, url: new URL(link.path, window.location.origin).toString() });
      setLabel('');
      setDays('');
      setNotice(null);
      refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const next: typeof fieldErrors = {};
        for (const issue of error.issues) if (issue.path === 'label' || issue.path === 'expiresInDays') next[issue.path] ??= issue.message;
        setFieldErrors(next);
      }
      setNotice({ tone: 'danger', text: error.message });
    },
  });

  const revoke = useMutation({
    mutationFn: (link: StatusLinkDto) => apiRequest<StatusLinkDto>(`${base}/${link.id}`, { method: 'DELETE' }),
    onSuccess: (link) => {
      setRevoking(null);
      setCreated((current) => (current?.id === link.id ? null : current));
      setNotice({ tone: 'success', text: `Revoked the link for ${link.label}. It no longer opens the status page.` });
      refresh();
    },
    onError: (error) => {
      setRevoking(null);
      setNotice({ tone: 'danger', text: error.message });
    },
  });

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = label.trim();
    const expiresInDays = days.trim() === '' ? undefined : Number(days);
    const errors: typeof fieldErrors = {};
    if (!trimmed) errors.label = 'required';
    else if (trimmed.length > 80) errors.label = 'at most 80 characters';
    if (expiresInDays !== undefined && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 365)) errors.expiresInDays = 'empty, or a whole number of days from 1 to 365';
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) create.mutate({ label: trimmed, ...(expiresInDays ? { expiresInDays } : {}) });
  };

  return (
    <div className="space-y-4">
      <NoticeAlert notice={notice} />
      {created ? <NewTokenSecret name={created.label} secret={created.url} what="status page link for" fieldLabel="New status page link" onDone={() => setCreated(null)} /> : null}
      <form noValidate onSubmit={onCreate} aria-label="Create a status page link" className="flex flex-wrap items-start gap-4">
        <TextField
          id="status-link-label"
          label="For"
          value={label}
          maxLength={80}
          placeholder="e.g. Partner support desk"
          error={fieldErrors.label}
          onChange={(event) => setLabel(event.target.value)}
          className="min-w-64 flex-1"
          autoComplete="off"
        />
        <TextField
          id="status-link-days"
          label="Expires in (days, optional)"
          value={days}
          inputMode="numeric"
          error={fieldErrors.expiresInDays}
          onChange={(event) => setDays(event.target.value)}
          className="w-52"
        />
        <Button type="submit" variant="primary" className="sm:mt-6" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create link'}
        </Button>
      </form>
      {links.data.length === 0 ? (
        <EmptyState title="Not shared yet">Create a link to let people without an account read this environment’s status page.</EmptyState>
      ) : (
        <StatusLinkTable links={links.data} onRevoke={setRevoking} />
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the link for ${revoking?.label ?? ''}?`}
        confirmLabel="Revoke link"
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
      >
        Anyone holding this link can no longer open the status page, at once. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
