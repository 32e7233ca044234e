import { z } from 'zod';
import { tokenScopes } from '@/lib/core/auth/roles';

export const createApiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  expiresInDays: z.int().min(1).max(365).default(30),
  /** 'read' tokens can only read, whatever the owner's role; 'read-write' act with the owner's current role. */
  scope: z.enum(tokenScopes).default('read-write'),
});

export type CreateApiTokenInput = z.infer<typeof createApiTokenBody>;

export const apiTokenPattern = /^ppc_[A-Za-z0-9_-]{43}$/;
