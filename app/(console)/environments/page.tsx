import type { Metadata } from 'next';
import Link from 'next/link';
import { canWriteEnvironment } from '@/lib/core/auth/roles';
import { isDomainError } from '../domain-error';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findEnvironments } from '@/lib/server/environments/find-environments';
import { EnvironmentTable } from '@/components/environments/environment-table';
import { EmptyState } from '@/components/ui/empty-state';
import { ForbiddenState } from '@/components/ui/forbidden-state';
import { GuardedAction } from '@/components/ui/guarded-action';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Environments' };

type Props = { searchParams: Promise<{ cursor?: string | string[] }> };

export default async function EnvironmentsPage({ searchParams }: Props) {
  const ctx = await getPageContext('/environments');
  const { cursor: rawCursor } = await searchParams;
  const cursor = typeof rawCursor === 'string' && rawCursor.length <= 200 ? rawCursor : undefined;
  let page;
  try {
    page = await findEnvironments(ctx, { limit: 50, cursor });
  } catch (error) {
    if (isDomainError(error, 'forbidden')) return <ForbiddenState title="Environments" reason={(error as Error).message} />;
    throw error;
  }
  // Creating an unprotected environment is the least a role can do; protected ones are checked in the form.
  const canCreate = canWriteEnvironment(ctx.actor, { protected: false, name: 'a new environment' });
  const newAction = <GuardedAction decision={canCreate} label="New environment" href="/environments/new" variant="primary" />;
  return (
    <>
      <PageHeader
        title="Environments"
        description="Each environment is a validated spec; every edit adds a revision."
        actions={newAction}
      />
      {page.items.length === 0 ? (
        <EmptyState title={cursor ? 'No more environments' : 'No environments yet'} action={cursor ? undefined : newAction}>
          {cursor ? (
            <Link href="/environments" className="text-sky-700 underline dark:text-sky-400">
              Back to the first page
            </Link>
          ) : (
            'Create the first environment to describe where and how PersonaPass runs.'
          )}
        </EmptyState>
      ) : (
        <EnvironmentTable environments={page.items.map((item) => ({ ...item, updatedAt: item.updatedAt.toISOString() }))} />
      )}
      {page.nextCursor ? (
        <nav aria-label="Pagination" className="mt-4 flex justify-end">
          <Link href={`/environments?cursor=${encodeURIComponent(page.nextCursor)}`} className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-400">
            Next page
          </Link>
        </nav>
      ) : null}
    </>
  );
}
