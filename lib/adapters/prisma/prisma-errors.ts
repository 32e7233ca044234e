import { Prisma } from '@/lib/generated/prisma/client';
import { Conflict, Unavailable } from '@/lib/core/errors';

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** Translates what the database says into the core's vocabulary; anything else passes through. */
export function translatePrismaError(error: unknown, conflictMessage: string): never {
  if (isUniqueViolation(error)) throw new Conflict(conflictMessage);
  if (error instanceof Prisma.PrismaClientInitializationError) throw new Unavailable('the database is unavailable');
  throw error;
}
