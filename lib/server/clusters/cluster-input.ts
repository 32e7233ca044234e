import { z } from 'zod';

const pem = (label: string) =>
  z
    .string()
    .max(64 * 1024)
    .regex(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+-----END ${label}-----`), `must be a PEM ${label.toLowerCase()}`);

const credential = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('token'), token: z.string().min(10).max(16 * 1024) }),
  z.strictObject({
    kind: z.literal('client-certificate'),
    certificate: pem('CERTIFICATE'),
    key: z.string().max(64 * 1024).regex(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'must be a PEM private key'),
  }),
]);

// An administrator's decision to store a credential the connection test advises against (not the
// console's ServiceAccount, or rights broader than needed); its reason goes into the audit log.
const override = z.strictObject({ reason: z.string().trim().min(10, 'say why, in at least 10 characters').max(500) });

export const createClusterBody = z.strictObject({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS-1123 label'),
  apiServerUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
  caBundle: pem('CERTIFICATE'),
  credential,
  override: override.optional(),
});

export const updateClusterBody = createClusterBody.omit({ name: true }).extend({ credential: credential.optional() });

export type ClusterCredential = z.infer<typeof credential>;
export type CreateClusterInput = z.infer<typeof createClusterBody>;
export type UpdateClusterInput = z.infer<typeof updateClusterBody>;
