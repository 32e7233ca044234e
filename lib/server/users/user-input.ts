import { z } from 'zod';

export const userId = z.uuid({ error: 'must be a user id (UUID)' });

export const findUsersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: userId.optional(),
  email: z.string().trim().min(1).max(320).optional(),
});

export const disableUserBody = z.strictObject({
  reason: z.string().trim().min(1, 'say why, for the audit log and for the person').max(500),
});

export type FindUsersQuery = z.infer<typeof findUsersQuery>;
export type DisableUserInput = z.infer<typeof disableUserBody>;
