import { z } from 'zod';
import { roles, tokenScopes } from '../auth/roles';
import { errorCodes } from '../errors';
import { environmentSpecSchema, tiers } from '../environments/environment-spec';

// What the REST API answers, as zod schemas both sides share: the server's DTO mappers are typed by
// them (a field added on one side only does not compile), the browser's components import the
// types, and the OpenAPI document describes the responses from the same schemas. Client-safe: no
// server imports.

const timestamp = z.iso.datetime({ offset: true });
const fieldIssue = z.object({ path: z.string(), message: z.string() });

export const errorBodySchema = z.object({
  error: z.object({ code: z.enum([...errorCodes, 'internal']), message: z.string(), details: z.unknown().optional() }),
});

export const revisionSummarySchema = z.object({
  name: z.string(),
  revision: z.int(),
  specHash: z.string(),
  changeNote: z.string(),
  author: z.object({ name: z.string(), email: z.string() }),
  createdAt: timestamp,
});

export const revisionSchema = revisionSummarySchema.extend({
  spec: environmentSpecSchema,
  /** What today's rules refuse in an old revision; nothing is planned from one that has any. */
  specProblems: z.array(fieldIssue),
});

export const environmentSummarySchema = z.object({
  name: z.string(),
  tier: z.enum(tiers),
  protected: z.boolean(),
  cluster: z.string(),
  namespace: z.string(),
  revision: z.int(),
  updatedAt: timestamp,
  updatedBy: z.string(),
});

export const deployTargetSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  protected: z.boolean(),
  claimedAt: timestamp,
  /** Set when the environment moved away: still held until an admin releases it. */
  leftAt: timestamp.nullable(),
});

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  scope: z.enum(tokenScopes),
});

export const userSchema = z.object({
  id: z.uuid(),
  subject: z.string(),
  email: z.string(),
  emailVerified: z.boolean().nullable(),
  name: z.string(),
  role: z.enum(roles),
  status: z.enum(['active', 'disabled']),
  createdAt: timestamp,
  lastLoginAt: timestamp.nullable(),
  disabledAt: timestamp.nullable(),
  disabledBy: z.enum(['admin', 'identity-provider']).nullable(),
  disabledReason: z.string().nullable(),
  liveTokens: z.int(),
  /** 'identity-provider': groups re-read every 15 minutes; 'sign-in': only when they next sign in. */
  roleRefresh: z.enum(['identity-provider', 'sign-in']),
  rolesCheckedAt: timestamp.nullable(),
  /** When the identity provider last confirmed the role; API tokens stop when it is too old. */
  rolesConfirmedAt: timestamp.nullable(),
});

export const clusterSchema = z.object({
  name: z.string(),
  apiServerUrl: z.string(),
  caBundle: z.string(),
  credentialKind: z.enum(['token', 'client-certificate']),
  clusterUid: z.string().nullable(),
  credentialExpiresAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const auditEventSchema = z.object({
  id: z.uuid(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetName: z.string(),
  requestId: z.string(),
  correlationId: z.string().nullable().optional(),
  summary: z.string(),
  createdAt: timestamp,
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export type ErrorBody = z.infer<typeof errorBodySchema>;
export type RevisionSummaryDto = z.infer<typeof revisionSummarySchema>;
export type RevisionDto = z.infer<typeof revisionSchema>;
export type EnvironmentSummaryDto = z.infer<typeof environmentSummarySchema>;
export type DeployTargetDto = z.infer<typeof deployTargetSchema>;
export type ApiTokenDto = z.infer<typeof apiTokenSchema>;
export type UserDto = z.infer<typeof userSchema>;
export type ClusterDto = z.infer<typeof clusterSchema>;
export type AuditEventDto = z.infer<typeof auditEventSchema>;
