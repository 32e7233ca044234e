import { notFound } from 'next/navigation';
import { isDomainError } from '../../domain-error';
import { isEnvironmentName } from '@/lib/core/environments/environment-spec';
import type { RevisionRecord } from '@/lib/core/ports';
import { getPageContext } from '@/lib/server/auth/page-context';
import { getEnvironment } from '@/lib/server/environments/get-environment';

/** The signed-in context and the environment's head revision, or the not-found page. */
export async function loadEnvironment(name: string, returnTo: string) {
  const ctx = await getPageContext(returnTo);
  // Next decodes the path: /environments/%00 would ask Postgres for a NUL byte, which it refuses
  // (an error page). A name no environment can have is not found, as any unknown one.
  if (!isEnvironmentName(name)) notFound();
  let head: RevisionRecord;
  try {
    head = await getEnvironment(ctx, name);
  } catch (error) {
    if (isDomainError(error, 'not_found')) notFound();
    throw error;
  }
  return { ctx, head };
}

export function headForView(head: RevisionRecord) {
  return { number: head.number, author: head.author.name, createdAt: head.createdAt.toISOString(), changeNote: head.changeNote, spec: head.spec };
}
