import Link from 'next/link';
import type { RunDto } from '@/lib/core/deploy/run-contract';
import { DateTime } from '@/components/ui/date-time';

export type DeployedNowView = { run: RunDto; images: Record<string, string> } | null;

/** What runs in the environment now: the revision of its last successful run, its images, when and by whom. */
export function DeployedNow({ environment, deployed, headRevision }: { environment: string; deployed: DeployedNowView; headRevision: number }) {
  if (!deployed) return <p className="text-sm text-slate-600 dark:text-slate-400">Nothing has been deployed by the console yet: Plan changes to deploy revision {headRevision}.</p>;
  const { run, images } = deployed;
  return (
    <>
      {run.revision !== headRevision ? (
        <p className="mb-3 text-sm text-amber-800 dark:text-amber-300" data-testid="head-not-deployed">
          The head is revision {headRevision}; revision {run.revision} is deployed. Plan changes to deploy the head.
        </p>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]" data-testid="deployed-now">
        <dt className="font-medium">Revision</dt>
        <dd>
          <span data-testid="deployed-revision">{run.revision}</span> (
          <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/environments/${environment}/runs/${run.id}`}>
            run {run.id.slice(0, 8)}
          </Link>
          )
        </dd>
        <dt className="font-medium">Images</dt>
        <dd>
          <ul>
            {Object.entries(images).map(([component, image]) => (
              <li key={component} className="font-mono text-xs">
                {component}: {image}
              </li>
            ))}
          </ul>
        </dd>
        <dt className="font-medium">When</dt>
        <dd>
          <DateTime value={run.finishedAt} />
        </dd>
        <dt className="font-medium">By</dt>
        <dd>
          {run.requestedBy.email}
          {run.approvers.length ? `, approved by ${run.approvers.map((approver) => approver.email).join(', ')}` : ''}
        </dd>
      </dl>
    </>
  );
}
