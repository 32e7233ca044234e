import type { ApiTokenDto } from '@/lib/core/contract/responses';
import type { ApiTokenRecord } from '@/lib/core/ports';

export function toApiTokenDto(token: ApiTokenRecord): ApiTokenDto {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    scope: token.scope,
  };
}
