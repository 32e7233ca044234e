import type { Role } from '@/lib/core/auth/roles';
import { Badge, type BadgeTone } from '../ui/badge';

const toneByRole: Record<Role, BadgeTone> = { viewer: 'neutral', operator: 'info', approver: 'warning', admin: 'violet' };

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge tone={toneByRole[role]}>
      <span className="sr-only">role: </span>
      {role}
    </Badge>
  );
}
