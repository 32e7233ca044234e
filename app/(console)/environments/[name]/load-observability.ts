import { cache } from 'react';
import { unstable_rethrow } from 'next/navigation';
import { errorCode } from '@/lib/core/errors';
import { getPageContext } from '@/lib/server/auth/page-context';
import { logger } from '@/lib/server/logger';
import type { UseCaseContext } from '@/lib/server/context';

// The observability sections read their own data (each in its own Suspense boundary, so a slow
// Prometheus or Jaeger holds back only its part), with the page's signed-in context.

/** The signed-in context, read once per request however many sections ask. */
export const observabilityContext = cache((returnTo: string) => getPageContext(returnTo));

export type Loaded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A use case's answer, or why it could not be read: a failure costs its section, not the page. */
export async function loadSection<T>(returnTo: string, what: string, read: (ctx: UseCaseContext) => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await read(await observabilityContext(returnTo)) };
  } catch (error) {
    unstable_rethrow(error);
    if (errorCode(error) !== undefined && error instanceof Error) return { ok: false, reason: error.message };
    logger.error(`${what} could not be read`, { error: error instanceof Error ? error.message : String(error) });
    return { ok: false, reason: `${what} could not be read` };
  }
}
