import { notFound } from 'next/navigation';
import { isDomainError } from '../../domain-error';
import type { RevisionRecord } from '@/lib/core/ports';
import { getPageContext } from '@/lib/server/auth/page-context';
import { getEnvironment } from '@/lib/server/environments/get-environment';

/** The signed-in context and the environment's head revision, or the not-found page. */
export async function loadEnvironment(name: string, returnTo: string) {
  const ctx = await getPageContext(returnTo);
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
