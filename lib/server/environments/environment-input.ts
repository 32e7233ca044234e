import { z } from 'zod';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';

// Request bodies of the environment endpoints; the OpenAPI document is generated from these.

const changeNote = z.string().trim().min(1, 'say what changed and why').max(500);

export const createEnvironmentBody = z.strictObject({
  spec: environmentSpecSchema,
  changeNote: changeNote.default('created'),
});

export const updateEnvironmentBody = z.strictObject({
  spec: environmentSpecSchema,
  changeNote,
});

export const cloneEnvironmentBody = z.strictObject({
  name: environmentSpecSchema.shape.name,
  namespace: environmentSpecSchema.shape.namespace.optional(),
  tier: environmentSpecSchema.shape.tier.optional(),
  changeNote: changeNote.optional(),
});

export const releaseDeployTargetBody = z.strictObject({
  cluster: environmentSpecSchema.shape.cluster,
  namespace: z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name'),
});

export type ReleaseDeployTargetInput = z.infer<typeof releaseDeployTargetBody>;
export type CreateEnvironmentInput = z.infer<typeof createEnvironmentBody>;
export type UpdateEnvironmentInput = z.infer<typeof updateEnvironmentBody>;
export type CloneEnvironmentInput = z.infer<typeof cloneEnvironmentBody>;
