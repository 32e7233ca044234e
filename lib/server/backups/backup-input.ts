import { z } from 'zod';
import { environmentSpecSchema } from '@/lib/core/environments/environment-spec';

// Request bodies of the configuration backup endpoints; the OpenAPI document is generated from these.

/** A backup folder's personapass-backup.json and spec.json, as the CLI reads them, and where to restore. */
export const restoreEnvironmentBody = z.strictObject({
  // Checked by the use case against their own schemas, so a wrong file is named in the error.
  manifest: z.record(z.string(), z.unknown()),
  spec: z.record(z.string(), z.unknown()),
  namespace: environmentSpecSchema.shape.namespace.optional(),
  cluster: environmentSpecSchema.shape.cluster.optional(),
});

export type RestoreEnvironmentInput = z.infer<typeof restoreEnvironmentBody>;
