'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, apiRequest } from '../api/api-request';
import { SignInButton } from '../auth/sign-in-button';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { CardSection } from '../ui/card';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { EmptyState } from '../ui/empty-state';
import { SelectField, TextField } from '../ui/field';
import { NewTokenSecret } from './new-token-secret';
import { TokenTable } from './token-table';
import type { ApiTokenView } from './token-types';

const tokensKey = ['api-tokens'] as const;

/** Lists the user's own tokens, creates one (showing its secret once) and revokes with confirmation. */
export function TokenManager({ initialTokens, renderedAt }: { initialTokens: ApiTokenView[]; renderedAt: number }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: () => apiRequest<{ items: ApiTokenView[] }>('/api/v1/tokens').then((page) => page.items),
    initialData: initialTokens,
  });
  const [name, setName] = useState('');
  const [days, setDays] = useState('30');
  const [scope, setScope] = useState<ApiTokenView['scope']>('read-write');
  const [fieldErrors, setFieldErrors] = useState<{ name?: string; expiresInDays?: string }>({});
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenView | null>(null);
  const [notice, setNotice] = useState<{ tone: 'danger' | 'success'; text: string; signInAgain?: boolean } | null>(null);

  const create = useMutation({
    mutationFn: (body: { name: string; expiresInDays: number; scope: ApiTokenView['scope'] }) =>
      apiRequest<ApiTokenView & { secret: string }>('/api/v1/tokens', { method: 'POST', body }),
    onSuccess: (token) => {
      setCreated({ name: token.name, secret: token.secret });
      setName('');
      setNotice(null);
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const next: typeof fieldErrors = {};
        for (const issue of error.issues) {
          if (issue.path === 'name' || issue.path === 'expiresInDays') next[issue.path] ??= issue.message;
        }
        setFieldErrors(next);
      }
      const signInAgain = error instanceof ApiError && (error.details as { reason?: string } | undefined)?.reason === 'sign-in-too-old';
      setNotice({ tone: 'danger', text: error.message, signInAgain });
    },
  });

  const revoke = useMutation({
    mutationFn: (token: ApiTokenView) => apiRequest<ApiTokenView>(`/api/v1/tokens/${token.id}`, { method: 'DELETE' }),
    onSuccess: (token) => {
      setRevoking(null);
      // The secret of a token that no longer works is not worth keeping on screen.
      setCreated((current) => (current?.name === token.name ? null : current));
      setNotice({ tone: 'success', text: `Revoked ${token.name}. It no longer works.` });
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
    onError: (error) => {
      setRevoking(null);
      setNotice({ tone: 'danger', text: error.message });
    },
  });

  const onCreate = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    const expiresInDays = Number(days);
    const errors: typeof fieldErrors = {};
    if (!trimmed) errors.name = 'required';
    else if (trimmed.length > 80) errors.name = 'at most 80 characters';
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 365) errors.expiresInDays = 'a whole number of days from 1 to 365';
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) create.mutate({ name: trimmed, expiresInDays, scope });
  };

  return (
    <div className="space-y-6">
      {notice ? (
        <Alert tone={notice.tone} title={notice.tone === 'danger' ? 'That did not work' : undefined}>
          {notice.text}
          {notice.signInAgain ? (
            <div className="mt-3 max-w-xs">
              <SignInButton callbackUrl="/settings/tokens" />
            </div>
          ) : null}
        </Alert>
      ) : null}
      {created ? <NewTokenSecret name={created.name} secret={created.secret} onDone={() => setCreated(null)} /> : null}

      <CardSection
        title="Create a token"
        description="A token acts as you, with your current role, until it expires or is revoked. A read-only token can never change anything, whatever your role. Creating one needs a sign-in within the last 15 minutes."
      >
        <form noValidate onSubmit={onCreate} aria-label="Create a token" className="flex flex-wrap items-start gap-4">
          <TextField
            id="token-name"
            label="Name"
            value={name}
            maxLength={80}
            placeholder="e.g. CI deploys"
            error={fieldErrors.name}
            onChange={(event) => setName(event.target.value)}
            className="min-w-64 flex-1"
            autoComplete="off"
          />
          <TextField
            id="token-days"
            label="Expires in (days)"
            value={days}
            inputMode="numeric"
            error={fieldErrors.expiresInDays}
            onChange={(event) => setDays(event.target.value)}
            className="w-40"
          />
          <SelectField
            id="token-scope"
            label="Access"
            value={scope}
            options={[
              { value: 'read-write', label: 'Read and write' },
              { value: 'read', label: 'Read-only' },
            ]}
            onChange={(event) => setScope(event.target.value as ApiTokenView['scope'])}
            className="w-44"
          />
          <Button type="submit" variant="primary" className="sm:mt-6" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </Button>
        </form>
      </CardSection>

      <section aria-labelledby="tokens-heading" className="space-y-3">
        <h2 id="tokens-heading" className="text-base font-semibold">
          Your tokens
        </h2>
        {tokens.data.length === 0 ? (
          <EmptyState title="No tokens yet">Create one to call the REST API or use the command line.</EmptyState>
        ) : (
          <TokenTable tokens={tokens.data} now={renderedAt} onRevoke={setRevoking} />
        )}
      </section>

      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? 'token'}?`}
        confirmLabel="Revoke token"
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
      >
        Anything using this token ({revoking?.prefix}…) stops working at once. This cannot be undone.
      </ConfirmDialog>
    </div>
  );
}
