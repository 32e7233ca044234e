import { randomUUID } from 'node:crypto';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Actor } from '@/lib/core/auth/roles';
import type { UseCaseContext } from '../context';
import { getDeps } from '../deps';
import { buildAuthOptions } from './auth-options';

/** The signed-in actor of a page request (role re-read from the database), or null. */
export async function findSignedInActor(): Promise<Actor | null> {
  const session = await getServerSession(buildAuthOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const user = userId ? await getDeps().users.getUser(userId) : null;
  return user ? { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' } : null;
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
