import type { Verdict } from '@/lib/core/deploy/approval-policy';
import { Conflict, Forbidden } from '@/lib/core/errors';

/** A policy's "no" as the error the API answers: the actor may not (403), or the plan is in no state for it (409). */
export function enforceVerdict(verdict: Verdict): void {
  if (verdict.allowed) return;
  throw verdict.kind === 'forbidden' ? new Forbidden(verdict.reason) : new Conflict(verdict.reason);
}
