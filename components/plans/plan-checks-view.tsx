import type { PlanDto, PlanProblem } from '@/lib/core/deploy/plan-contract';
import { Alert } from '../ui/alert';
import { CardSection } from '../ui/card';

/** Check results: a failure blocks approval and deploy, and says so. */
export function PlanChecksView({ checks, passed }: { checks: PlanDto['checks']; passed: boolean }) {
  return (
    <CardSection title="Checks" description={`Ran: ${checks.ran.join(', ')}`}>
      {passed ? (
        <Alert tone="success" title="All checks passed" />
      ) : (
        <Alert tone="danger" title={`${checks.problems.length} check problem${checks.problems.length === 1 ? '' : 's'}: this plan cannot be approved or deployed`}>
          <ProblemList problems={checks.problems} />
        </Alert>
      )}
      {checks.warnings.length > 0 ? (
        <Alert tone="warning" title="Warnings" className="mt-3">
          <ProblemList problems={checks.warnings} />
        </Alert>
      ) : null}
      {checks.skipped.map((skipped) => (
        <p key={skipped.check} className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          {skipped.check} did not run: {skipped.reason}
        </p>
      ))}
    </CardSection>
  );
}

function ProblemList({ problems }: { problems: PlanProblem[] }) {
  return (
    <ul className="mt-1 space-y-1 text-sm">
      {problems.map((problem, index) => (
        <li key={index}>
          <span className="font-mono text-xs">
            {problem.object}
            {problem.path ? ` ${problem.path}` : ''}
          </span>
          : {problem.message} <span className="text-xs opacity-75">[{problem.check}]</span>
        </li>
      ))}
    </ul>
  );
}
