import { contentHash } from '../hash';
import type { PlainObject } from './cluster-gateway';
import type { PlanFlags } from './plan-contract';

/**
 * What an approval binds to: the canonical objects the plan would apply, the objects it would
 * delete, the target, the revision and the flags. The live state is not in it: the deploy checks
 * that separately (each object's live fingerprint at plan time, lib/core/deploy/live-fingerprint.ts) and answers PlanStale.
 */
export function planHash(input: { cluster: string; namespace: string; revision: number; flags: PlanFlags; applies: readonly PlainObject[]; deletions: readonly string[] }): string {
  return contentHash({
    version: 1,
    cluster: input.cluster,
    namespace: input.namespace,
    revision: input.revision,
    flags: input.flags,
    applies: input.applies,
    deletions: [...input.deletions].sort(),
  });
}
