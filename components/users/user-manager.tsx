'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiRequest } from '../api/api-request';
import { NoticeAlert, type Notice } from '../ui/alert';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { EmptyState } from '../ui/empty-state';
import { TextareaField } from '../ui/field';
import { UserTable } from './user-table';
import type { UserAction, UserView } from './user-types';

type UsersPage = { items: UserView[]; nextCursor: string | null };

const usersKey = ['users'] as const;

const outcomeText: Record<string, string> = {
  unchanged: 'the identity provider confirms the same role',
  'role-changed': 'the role changed; their sessions ended',
  disabled: 'the identity provider no longer grants a role; they are disabled',
  lost: 'the identity provider no longer accepts their sign-in; their sessions ended and their API tokens are suspended until they sign in again',
  superseded: 'they signed in again while the check ran; nothing changed',
  failed: 'the identity provider could not be asked; nothing changed',
};

async function perform(user: UserView, action: UserAction, reason: string): Promise<string> {
  const base = `/api/v1/users/${user.id}`;
  switch (action) {
    case 'disable':
      await apiRequest(`${base}/disable`, { method: 'POST', body: { reason } });
      return `Disabled ${user.email}. Their sessions and tokens stopped working.`;
    case 'enable':
      await apiRequest(`${base}/enable`, { method: 'POST' });
      return `Enabled ${user.email}. They can sign in again; their role comes from their groups.`;
    case 'revoke-tokens': {
      const { revoked } = await apiRequest<{ revoked: number }>(`${base}/tokens`, { method: 'DELETE' });
      return `Revoked ${revoked} token(s) of ${user.email}.`;
    }
    case 'check-role': {
      const { result } = await apiRequest<{ result: string }>(`${base}/role-check`, { method: 'POST' });
      return `${user.email}: ${outcomeText[result] ?? result}.`;
    }
  }
}

const confirmations: Record<UserAction, { title: (user: UserView) => string; label: string; body: string }> = {
  disable: {
    title: (user) => `Disable ${user.email}?`,
    label: 'Disable',
    body: 'Their browser sessions end and every API token is revoked at once. They cannot sign in until an admin enables them. Their identity-provider groups are not changed.',
  },
  enable: { title: (user) => `Enable ${user.email}?`, label: 'Enable', body: 'They can sign in again. Revoked tokens stay revoked.' },
  'revoke-tokens': { title: (user) => `Revoke ${user.email}'s tokens?`, label: 'Revoke tokens', body: 'Every live API token of this person stops working at once. Their browser sessions go on.' },
  'check-role': { title: (user) => `Check ${user.email} with the identity provider?`, label: 'Check now', body: 'Their groups are read again now; a changed role ends their sessions, no role disables them.' },
};

/** The admin's view of people: who has access, and taking it away now. */
export function UserManager({ initialPage, currentUserId }: { initialPage: UsersPage; currentUserId: string }) {
  const queryClient = useQueryClient();
  const users = useInfiniteQuery({
    queryKey: usersKey,
    queryFn: ({ pageParam }) => apiRequest<UsersPage>(`/api/v1/users?limit=100${pageParam ? `&cursor=${pageParam}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    initialData: { pages: [initialPage], pageParams: [''] },
  });
  const [pending, setPending] = useState<{ user: UserView; action: UserAction } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [notice, setNotice] = useState<Notice | null>(null);

  const act = useMutation({
    mutationFn: ({ user, action }: { user: UserView; action: UserAction }) => perform(user, action, reason.trim()),
    onSuccess: (text) => {
      setNotice({ tone: 'success', text });
      setPending(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: usersKey });
    },
    onError: (error) => {
      setNotice({ tone: 'danger', text: error.message });
      setPending(null);
    },
  });

  const confirm = () => {
    if (!pending) return;
    if (pending.action === 'disable' && !reason.trim()) return setReasonError('say why, for the audit log and for them');
    act.mutate(pending);
  };
  const all = users.data.pages.flatMap((page) => page.items);
  const dialog = pending ? confirmations[pending.action] : null;

  return (
    <div className="space-y-4">
      <NoticeAlert notice={notice} />
      {all.length === 0 ? (
        <EmptyState title="Nobody has signed in yet">People appear here after their first sign-in through the identity provider.</EmptyState>
      ) : (
        <UserTable users={all} currentUserId={currentUserId} onAction={(user, action) => {
            setPending({ user, action });
            setReasonError(undefined);
            setNotice(null);
          }} />
      )}
      {users.hasNextPage ? (
        <Button onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          {users.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={pending && dialog ? dialog.title(pending.user) : ''}
        confirmLabel={dialog?.label ?? ''}
        pending={act.isPending}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <p>{dialog?.body}</p>
        {pending?.action === 'disable' ? (
          <TextareaField
            id="disable-reason"
            label="Reason"
            className="mt-3"
            rows={2}
            maxLength={500}
            value={reason}
            error={reasonError}
            onChange={(event) => setReason(event.target.value)}
          />
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
