import type { ReadinessReportDto } from '@/lib/core/setup/readiness-contract';
import { Badge, type BadgeTone } from '../ui/badge';
import { Card } from '../ui/card';
import { DateTime } from '../ui/date-time';

type Status = ReadinessReportDto['status'];
const tone: Record<Status, BadgeTone> = { pass: 'success', warn: 'warning', fail: 'danger' };
const label: Record<Status, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' };

export function ReadinessBadge({ status }: { status: Status }) {
  return <Badge tone={tone[status]}>{label[status]}</Badge>;
}

/** A cluster's readiness report: each check with its status in words, what was found, and what to do. */
export function ReadinessReportView({ report }: { report: ReadinessReportDto }) {
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap items-center gap-2 text-sm" role="status">
        <ReadinessBadge status={report.status} />
        <span>
          {failed === 0 && warned === 0 ? 'Ready for the platform: every check passes.' : `${failed} failed, ${warned} with a warning, of ${report.checks.length} checks.`} Checked <DateTime value={report.checkedAt} />.
        </span>
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {report.environments.length === 0
          ? 'No environment deploys to this cluster yet: the rights and namespaces of an environment are checked once one names it.'
          : `Checked for ${report.environments.map((environment) => `${environment.name} (${environment.tier})`).join(', ')}.`}
      </p>
      <ul className="space-y-3" aria-label="Readiness checks">
        {report.checks.map((check) => (
          <li key={check.id}>
            <Card className="px-5 py-4">
              <div className="flex flex-wrap items-center gap-2">
                <ReadinessBadge status={check.status} />
                <h3 className="font-semibold">{check.title}</h3>
              </div>
              <p className="mt-1 text-sm break-words">{check.summary}</p>
              {check.remedy ? (
                <p className="mt-2 text-sm break-words">
                  <span className="font-medium">What to do: </span>
                  {check.remedy}
                </p>
              ) : null}
              {check.details.length > 0 ? (
                <details className="mt-2 text-sm" open={check.status !== 'pass' && check.details.length <= 10}>
                  <summary className="cursor-pointer text-slate-600 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-400">
                    {check.details.length} detail{check.details.length === 1 ? '' : 's'}
                  </summary>
                  <ul className="mt-1 list-disc space-y-0.5 pl-5 font-mono text-xs break-all">
                    {check.details.map((detail) => (
                      <li key={detail}>{detail}</li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
