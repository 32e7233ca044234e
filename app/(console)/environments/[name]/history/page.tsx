import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isDomainError } from '../../../domain-error';
import { getPageContext } from '@/lib/server/auth/page-context';
import { findRevisions } from '@/lib/server/environments/find-revisions';
import { getRevisionDiff } from '@/lib/server/environments/get-revision-diff';
import { EnvironmentCrumbs } from '@/components/environments/environment-crumbs';
import { RevisionDiff } from '@/components/environments/revision-diff';
import { RevisionPicker } from '@/components/environments/revision-picker';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ from?: string | string[]; to?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `History of ${(await params).name}` };
}

function revisionParam(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

export default async function HistoryPage({ params, searchParams }: Props) {
  const { name } = await params;
  const query = await searchParams;
  const ctx = await getPageContext(`/environments/${name}/history`);
  let revisions;
  try {
    revisions = (await findRevisions(ctx, name, { limit: 200 })).items;
  } catch (error) {
    if (isDomainError(error, 'not_found')) notFound();
    throw error;
  }
  const latest = revisions[0]!.number;
  // Default comparison: the previous revision against the latest.
  const to = revisionParam(query.to) ?? latest;
  const from = revisionParam(query.from) ?? Math.max(1, to - 1);

  let diff: Awaited<ReturnType<typeof getRevisionDiff>> | null = null;
  let diffProblem: string | null = null;
  if (from !== to) {
    try {
      diff = await getRevisionDiff(ctx, name, from, to);
    } catch (error) {
      if (!isDomainError(error, 'not_found')) throw error;
      diffProblem = `${(error as Error).message}.`;
    }
  }

  return (
    <>
      <PageHeader
        eyebrow={<EnvironmentCrumbs name={name} here="History" />}
        title={`History of ${name}`}
        description={`${revisions.length} revision${revisions.length === 1 ? '' : 's'}; pick two and compare them field by field.`}
      />
      <div className="space-y-8">
        <RevisionPicker
          revisions={revisions.map((revision) => ({
            number: revision.number,
            author: revision.author.name,
            createdAt: revision.createdAt.toISOString(),
            changeNote: revision.changeNote,
          }))}
          from={from}
          to={to}
        />
        <section aria-labelledby="diff-heading" className="space-y-3">
          <h2 id="diff-heading" className="text-base font-semibold">
            {from === to ? 'Changes' : `Changes from revision ${from} to revision ${to}`}
          </h2>
          {diffProblem ? <Alert tone="warning">{diffProblem}</Alert> : null}
          {diff ? <RevisionDiff from={diff.from} to={diff.to} changes={diff.changes} /> : null}
          {from === to ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {revisions.length < 2 ? 'There is only one revision so far.' : 'Pick two different revisions to compare.'}
            </p>
          ) : null}
        </section>
      </div>
    </>
  );
}
