import { randomUUID } from 'node:crypto';
import { getServerSession } from 'next-auth';
import { redirect } from 'next/navigation';
import type { Actor } from '@/lib/core/auth/roles';
import type { UseCaseContext } from '../context';
import { getDeps } from '../deps';
import { buildAuthOptions } from './auth-options';

/**
 * For server-rendered pages: the signed-in actor (role re-read from the database) or a redirect to
 * sign-in. Pages call use cases with this context, so the same authorization applies as in the API.
 */
export async function getPageContext(returnTo: string): Promise<UseCaseContext & { actor: Actor }> {
  const deps = getDeps();
  const session = await getServerSession(buildAuthOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const user = userId ? await deps.users.getUser(userId) : null;
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return {
    actor: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session' },
    requestId: randomUUID(),
    deps,
  };
}
