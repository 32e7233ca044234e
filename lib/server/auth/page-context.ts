import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Actor } from '@/lib/core/auth/roles';
import type { UseCaseContext } from '../context';
import { getDeps } from '../deps';
import { actorFromCookies } from './authenticate-request';

/** The signed-in actor of a page request (same checks as the API: lifetime, session version, role from the database), or null. */
export async function findSignedInActor(): Promise<Actor | null> {
  return actorFromCookies(getDeps(), (await headers()).get('cookie') ?? '');
}

/**
 * For server-rendered pages: the signed-in actor or a redirect to sign-in. Pages call use cases
 * with this context, so the same authorization applies as in the API.
 */
export async function getPageContext(returnTo: string): Promise<UseCaseContext & { actor: Actor }> {
  const actor = await findSignedInActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return { actor, requestId: randomUUID(), deps: getDeps() };
}
