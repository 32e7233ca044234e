import type { PlainObject } from './cluster-gateway';
import type { PlanFlags } from './plan-contract';
import { planHash } from './plan-hash';

// The hash of a plan as the worker loaded it from the database, computed as create-plan computed it
// when the plan was made: approvals bind to the stored hash, so a worker applies a plan only when
// the objects it is about to apply still hash to it (a row changed after approval is refused).

export type StoredPlanObject = { objectId: string; action: string; desired: PlainObject | null };

export function storedPlanHash(plan: { cluster: string; namespace: string; revision: number; flags: PlanFlags }, objects: readonly StoredPlanObject[]): string {
  return planHash({
    ...plan,
    // In apply order (the plan's seq), as they were hashed; a missing desired object hashes as null, never as the one planned.
    applies: objects.filter((object) => object.action !== 'delete').map((object) => object.desired as PlainObject),
    deletions: objects.filter((object) => object.action === 'delete').map((object) => object.objectId),
  });
}
