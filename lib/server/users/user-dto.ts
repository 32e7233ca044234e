import type { UserDto } from '@/lib/core/contract/responses';
import type { UserSummary } from '@/lib/core/ports';

export function toUserDto(user: UserSummary): UserDto {
  return {
    id: user.id,
    subject: user.subject,
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    role: user.role,
    status: user.disabledAt ? ('disabled' as const) : ('active' as const),
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    disabledBy: user.disabledBy,
    disabledReason: user.disabledReason,
    liveTokens: user.liveTokens,
    /** 'identity-provider': groups re-read every 15 minutes; 'sign-in': only when they next sign in. */
    roleRefresh: user.roleRefresh,
    rolesCheckedAt: user.rolesCheckedAt?.toISOString() ?? null,
    /** When the identity provider last confirmed the role; API tokens stop when this is older than API_TOKEN_CONFIRMATION_DAYS. */
    rolesConfirmedAt: user.rolesConfirmedAt?.toISOString() ?? null,
  };
}

export type { UserDto };
