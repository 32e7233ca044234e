import { Alert } from './alert';

export type SummaryIssue = { message: string; label: string; fieldId?: string };

/**
 * The list of problems at the top of a form. Each links to its field, so keyboard users can jump
 * straight to what needs fixing.
 */
export function ErrorSummary({ title, issues }: { title: string; issues: SummaryIssue[] }) {
  return (
    <Alert tone="danger" title={title}>
      {issues.length > 0 ? (
        <ul className="list-disc space-y-0.5 pl-5">
          {issues.map((issue, index) => (
            <li key={`${issue.label}-${index}`}>
              {issue.fieldId ? (
                <a href={`#${issue.fieldId}`} className="underline underline-offset-2">
                  {issue.label}
                </a>
              ) : (
                <span className="font-medium">{issue.label}</span>
              )}
              : {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
