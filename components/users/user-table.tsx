import { RoleBadge } from '../shell/role-badge';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { DateTime } from '../ui/date-time';
import { ActionsTh, Table, Td, Th } from '../ui/table';
import type { UserAction, UserView } from './user-types';

function Status({ user }: { user: UserView }) {
  if (user.status === 'active') return <Badge tone="success">active</Badge>;
  return (
    <div className="space-y-1">
      <Badge tone="danger">{user.disabledBy === 'admin' ? 'disabled by an admin' : 'no role at the identity provider'}</Badge>
      {user.disabledReason ? <p className="max-w-56 text-xs text-slate-600 dark:text-slate-400">{user.disabledReason}</p> : null}
    </div>
  );
}

function RoleSource({ user }: { user: UserView }) {
  return (
    <span className="text-xs text-slate-600 dark:text-slate-400">
      {user.roleRefresh === 'sign-in' ? 'roles refresh at sign-in' : 're-checked every 15 min'}; confirmed{' '}
      <DateTime value={user.rolesConfirmedAt} fallback="never" />
    </span>
  );
}

/** People who have signed in, with the actions an admin may take on each. */
export function UserTable({ users, currentUserId, onAction }: { users: UserView[]; currentUserId: string; onAction: (user: UserView, action: UserAction) => void }) {
  return (
    <Table caption="Users">
      <thead>
        <tr>
          <Th>Person</Th>
          <Th>Role</Th>
          <Th>Status</Th>
          <Th>Last sign-in</Th>
          <Th>API tokens</Th>
          <ActionsTh />
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const self = user.id === currentUserId;
          return (
            <tr key={user.id}>
              <Td>
                <div className="font-medium">{user.name}</div>
                <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
                  {user.email}
                  {user.emailVerified === false ? <Badge tone="warning">email not verified</Badge> : null}
                </div>
                <div className="font-mono text-[11px] text-slate-500" title="The identity provider's subject: what identifies this person">
                  {user.subject}
                </div>
              </Td>
              <Td>
                <div className="space-y-1">
                  <RoleBadge role={user.role} />
                  <div>
                    <RoleSource user={user} />
                  </div>
                </div>
              </Td>
              <Td>
                <Status user={user} />
              </Td>
              <Td className="whitespace-nowrap">
                <DateTime value={user.lastLoginAt} fallback="never" />
              </Td>
              <Td>{user.liveTokens}</Td>
              <Td>
                <div className="flex flex-wrap justify-end gap-2">
                  {user.status === 'active' && user.roleRefresh === 'identity-provider' ? (
                    <Button className="px-2.5 py-1" aria-label={`Check ${user.email}'s groups now`} onClick={() => onAction(user, 'check-role')}>
                      Check now
                    </Button>
                  ) : null}
                  {user.liveTokens > 0 ? (
                    <Button className="px-2.5 py-1" aria-label={`Revoke ${user.email}'s tokens`} onClick={() => onAction(user, 'revoke-tokens')}>
                      Revoke tokens
                    </Button>
                  ) : null}
                  {user.status === 'disabled' ? (
                    <Button className="px-2.5 py-1" aria-label={`Enable ${user.email}`} onClick={() => onAction(user, 'enable')}>
                      Enable
                    </Button>
                  ) : (
                    <Button
                      variant="danger"
                      className="px-2.5 py-1"
                      aria-label={`Disable ${user.email}`}
                      disabled={self}
                      title={self ? 'You cannot disable yourself; ask another admin' : undefined}
                      onClick={() => onAction(user, 'disable')}
                    >
                      Disable
                    </Button>
                  )}
                </div>
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
