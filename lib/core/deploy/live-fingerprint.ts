import { contentHash } from '../hash';
import type { PlainObject } from './cluster-gateway';
import { normalizeObject } from './plan-object-form';

// What the deploy's drift check compares with what the plan saw: the live object as the plan's diff
// normalises it (status, managedFields, resourceVersion, uid, generation, timestamps and other
// server-owned fields left out), and without spec.replicas when the console does not set it (an
// autoscaler owns it then). A pod replaced, a readiness flap, an HPA or KEDA scale step change the
// live object's resourceVersion but none of this: they are no drift. A change to a field the
// console applies (an image, a ConfigMap's data, a label) changes it: the plan's diff is no longer
// what the apply would do. Both sides (plan time and deploy time) call this with the same desired
// object, the one stored with the plan.

/** The live object as the drift check sees it. */
export function driftForm(live: PlainObject, desired: PlainObject | null): PlainObject {
  const form = normalizeObject(live) as PlainObject & { spec?: Record<string, unknown> };
  const desiredSpec = (desired as { spec?: Record<string, unknown> } | null)?.spec;
  if (form.spec && typeof form.spec === 'object' && desiredSpec?.replicas === undefined) delete form.spec.replicas;
  return form;
}

/** A digest of driftForm; null when the object does not exist. */
export function liveFingerprint(live: PlainObject | null, desired: PlainObject | null): string | null {
  return live ? contentHash(driftForm(live, desired)) : null;
}
