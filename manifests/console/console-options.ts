import { z } from 'zod';
import { isConsoleSetting, requiredConsoleSettings } from './console-settings';

// What an administrator gives the console's render (scripts/render-console.ts parses its flags into
// this). Addresses the NetworkPolicy admits are CIDRs, because Postgres, the identity provider and
// the API server usually live outside the cluster's pod network.

const cidr = z
  .string()
  .regex(/^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-f:]+\/\d{1,3})$/i, 'must be a CIDR such as 10.0.4.0/24')
  .refine((value) => !/^(0\.0\.0\.0\/0|::\/0)$/.test(value), 'must not be the whole internet: name the addresses');
const port = z.number().int().min(1).max(65535);
const endpoint = (defaultPort: number) => z.object({ cidrs: z.array(cidr).min(1, 'give at least one CIDR'), port: port.default(defaultPort) });
const httpsUrl = z.url({ protocol: /^https$/, message: 'must be an https:// URL' });
const labelMap = z.record(z.string().regex(/^[\w./-]{1,253}$/), z.string().regex(/^[\w.-]{0,63}$/));

export const consoleOptionsSchema = z.object({
  /** A pinned image: a tag other than latest, or a digest. */
  image: z
    .string()
    .regex(/^[\w.-]+(:\d+)?(\/[\w.-]+)+(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/, 'must be registry/repository:tag or @sha256:digest')
    .refine((image) => !image.endsWith(':latest'), 'must be pinned (a version tag or a digest), not latest'),
  /** At least two: any replica may be drained while the other serves and runs jobs. */
  replicas: z.number().int().min(2).max(20).default(2),
  /** NEXTAUTH_URL: where people reach the console (through the ingress). */
  publicUrl: httpsUrl,
  oidcIssuer: httpsUrl,
  /** Other non-secret settings of lib/env.ts (NAME → value), over consoleSettingDefaults. */
  settings: z
    .record(z.string(), z.string())
    .default({})
    .superRefine((settings, ctx) => {
      for (const name of Object.keys(settings)) {
        if (!isConsoleSetting(name) || (requiredConsoleSettings as readonly string[]).includes(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: `not a setting the render takes (secrets come from the Secret; NEXTAUTH_URL and OIDC_ISSUER have their own options)` });
        }
      }
    }),
  /** Who may reach the console's port: the ingress controller's pods. */
  ingress: z
    .object({ namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/), podLabels: labelMap })
    .default({ namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } }),
  egress: z.object({
    postgres: endpoint(5432),
    oidcIssuer: endpoint(443),
    /** The API servers' endpoint addresses (kubectl get endpointslices -n default -l kubernetes.io/service-name=kubernetes), not the Service's ClusterIP: policies see the address after translation. */
    kubeApi: endpoint(443),
  }),
});

export type ConsoleOptions = z.infer<typeof consoleOptionsSchema>;
export type ConsoleOptionsInput = z.input<typeof consoleOptionsSchema>;
