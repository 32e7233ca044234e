import type { Diagnosis, DiagnosisArea, Finding } from '@/lib/core/troubleshoot/diagnosis';
import { areaTitles, diagnosisAreas } from '@/lib/core/troubleshoot/diagnosis';
import { Badge } from '@/components/ui/badge';
import { CardSection } from '@/components/ui/card';
import { DateTime } from '@/components/ui/date-time';
import { Unavailable } from '@/components/observability/unavailable';

/** The diagnosis by area: each area's findings (what, evidence, what to do), or why it could not be judged. Presentational. */
export function DiagnosisView({ diagnosis }: { diagnosis: Diagnosis }) {
  const problems = diagnosis.findings.filter((f) => f.severity === 'problem').length;
  const warnings = diagnosis.findings.length - problems;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="diagnosis-summary">
        {problems === 0 && warnings === 0 ? 'Nothing the console checks is wrong.' : `${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`} · diagnosed <DateTime value={diagnosis.diagnosedAt} />
      </p>
      {diagnosisAreas.map((area) => (
        <AreaSection key={area} area={area} diagnosis={diagnosis} />
      ))}
    </div>
  );
}

function AreaSection({ area, diagnosis }: { area: DiagnosisArea; diagnosis: Diagnosis }) {
  const check = diagnosis.areas.find((a) => a.area === area);
  const findings = diagnosis.findings.filter((f) => f.area === area);
  return (
    <CardSection title={areaTitles[area]} description={areaDescriptions[area]}>
      {check?.status === 'unavailable' ? (
        <Unavailable reason={check.reason ?? 'its source could not be read'} />
      ) : findings.length === 0 ? (
        <p className="text-sm text-emerald-800 dark:text-emerald-300">No findings.</p>
      ) : (
        <ul className="space-y-4" aria-label={`${areaTitles[area]} findings`}>
          {findings.map((finding, index) => (
            <FindingItem key={`${finding.object ?? ''}-${index}`} finding={finding} />
          ))}
        </ul>
      )}
    </CardSection>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-finding={finding.severity}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={finding.severity === 'problem' ? 'danger' : 'warning'}>{finding.severity}</Badge>
        <Badge>{finding.component}</Badge>
        <span className="font-medium">{finding.what}</span>
      </div>
      <ul className="mt-2 list-disc space-y-0.5 pl-5 font-mono text-xs text-slate-700 dark:text-slate-300" aria-label="Evidence">
        {finding.evidence.map((line, index) => (
          <li key={index} className="break-words">
            {line}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm">
        <span className="font-semibold">What to do: </span>
        {finding.action}
      </p>
    </li>
  );
}

const areaDescriptions: Record<DiagnosisArea, string> = {
  startup: 'Pods the scheduler cannot place, images that cannot be pulled, crash loops and OOM kills',
  network: 'Services without ready endpoints, NetworkPolicies that block callers, missing mesh sidecars',
  scaling: 'The autoscaler: readiness, failing triggers, its maximum, scale to zero',
  performance: "p95 latency, 5xx ratio, CPU and memory against the platform's alert thresholds",
};
