import { z } from 'zod';

export const createApiTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  expiresInDays: z.int().min(1).max(365).default(30),
});

export type CreateApiTokenInput = z.infer<typeof createApiTokenBody>;

export const apiTokenPattern = /^ppc_[A-Za-z0-9_-]{43}$/;
