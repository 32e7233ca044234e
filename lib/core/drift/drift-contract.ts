import { z } from 'zod';

// What a drift check found for one environment, as stored and as the API, the page and the CLI
// read it (client-safe: no server imports).

export const driftStatuses = ['in-sync', 'drifted', 'failed'] as const;

/** A field manager that owns a changed field on the live object, and when it last changed anything there. */
export const fieldChangerSchema = z.object({
  manager: z.string(),
  operation: z.string(),
  /** managedFields' time: the manager's last change to the object. */
  time: z.string().nullable(),
  /** Changed fields it owns, as paths (`spec.template.spec.containers[name=api].image`). */
  fields: z.array(z.string()),
});
export type FieldChanger = z.infer<typeof fieldChangerSchema>;

export const driftedObjectSchema = z.object({
  objectId: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  /** changed: a field the console applies differs; deleted: the object is gone. */
  change: z.enum(['changed', 'deleted']),
  /** What applying the deployed form again would change (the plan's diff form). */
  diff: z.string(),
  /** Managers other than the console's own owning a changed field; empty when unknown (deleted, a Secret). */
  changedBy: z.array(fieldChangerSchema),
});
export type DriftedObject = z.infer<typeof driftedObjectSchema>;

export const driftReportSchema = z.object({
  environment: z.string(),
  /** never-checked: deployed but not checked yet, or never deployed successfully (nothing to compare). */
  status: z.enum([...driftStatuses, 'never-checked']),
  checkedAt: z.string().nullable(),
  /** The revision of the last successful deploy the cluster was compared with. */
  revision: z.number().int().nullable(),
  objects: z.array(driftedObjectSchema),
  error: z.string().nullable(),
});
export type DriftReport = z.infer<typeof driftReportSchema>;

/** POST /environments/{name}/reconcile: plan the last deployed revision again (force: admins take fields others own). */
export const reconcileInputSchema = z.object({ force: z.boolean().optional() }).strict();
export type ReconcileInput = z.infer<typeof reconcileInputSchema>;
