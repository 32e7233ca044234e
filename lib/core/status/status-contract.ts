import { z } from 'zod';

// The status-link API and the status page's JSON twin, shared by the server (validation, DTOs,
// OpenAPI) and the browser (types). Client-safe: no server imports.

const timestamp = z.iso.datetime({ offset: true });

export const createStatusLinkBody = z.strictObject({
  /** Who the link is for, e.g. "Partner support desk". */
  label: z.string().trim().min(1).max(80),
  /** Leave out for a link that works until revoked. */
  expiresInDays: z.int().min(1).max(365).optional(),
});
export type CreateStatusLinkInput = z.infer<typeof createStatusLinkBody>;

export const statusLinkSchema = z.object({
  id: z.uuid(),
  environment: z.string(),
  label: z.string(),
  state: z.enum(['active', 'expired', 'revoked']),
  createdBy: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  revokedBy: z.string().nullable(),
  lastUsedAt: timestamp.nullable(),
});
export type StatusLinkDto = z.infer<typeof statusLinkSchema>;

/** Only in the answer to POST: the one time the token is shown. */
export const createdStatusLinkSchema = statusLinkSchema.extend({ token: z.string(), path: z.string() });
export type CreatedStatusLinkDto = z.infer<typeof createdStatusLinkSchema>;

export const overallStatuses = ['operational', 'degraded', 'outage', 'unknown'] as const;
export type OverallStatus = (typeof overallStatuses)[number];

export const componentStatuses = ['operational', 'degraded', 'outage', 'scaled-to-zero', 'unknown'] as const;
export type ComponentStatus = (typeof componentStatuses)[number];

const availability = z.object({
  status: z.enum(['ok', 'unavailable', 'no-traffic']),
  ratio: z.number().min(0).max(1).nullable(),
  /** When the figures Prometheus holds start, if later than the window's start (its retention is shorter, or it began recording since): the figure covers only from then. */
  coveredSince: timestamp.optional(),
});

/** The status page's answer: plain words, no internals (no pod, node, namespace, address or label). */
export const statusPageSchema = z.object({
  environment: z.string(),
  status: z.enum(overallStatuses),
  headline: z.string(),
  generatedAt: timestamp,
  components: z.array(
    z.object({
      name: z.string(),
      status: z.enum(componentStatuses),
      summary: z.string(),
      version: z.string().nullable(),
    }),
  ),
  lastDeployAt: timestamp.nullable(),
  availability: z.object({ '24h': availability, '7d': availability }),
  incidents: z.array(z.object({ name: z.string(), summary: z.string(), since: timestamp.nullable() })),
  /** What could not be read (e.g. "Availability is unavailable: Prometheus did not answer"). */
  notes: z.array(z.string()),
});
export type StatusPage = z.infer<typeof statusPageSchema>;
export type Availability = z.infer<typeof availability>;
