import type { Actor } from '@/lib/core/auth/roles';
import type { Decision } from '@/lib/core/auth/roles';
import { Forbidden, Unauthenticated } from '@/lib/core/errors';
import type { AuditEntry } from '@/lib/core/ports';
import type { Deps } from './deps';

/**
 * What every use case gets: who is asking, the request id for the audit trail (the server's own)
 * with the caller's correlation id if it sent one, and the adapters.
 */
export type UseCaseContext = {
  actor: Actor | null;
  requestId: string;
  correlationId?: string | null;
  deps: Deps;
};

export function requireActor(ctx: UseCaseContext): Actor {
  if (!ctx.actor) throw new Unauthenticated('sign in or send an API token');
  return ctx.actor;
}

export function enforce(decision: Decision): void {
  if (!decision.allowed) throw new Forbidden(decision.reason);
}

export function auditEntry(ctx: UseCaseContext, entry: Omit<AuditEntry, 'actor' | 'requestId' | 'correlationId'>): AuditEntry {
  return { ...entry, actor: ctx.actor, requestId: ctx.requestId, correlationId: ctx.correlationId ?? null };
}
