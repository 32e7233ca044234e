import { Alert } from './alert';

/** Shown instead of a page the actor may not see; the reason names the role needed. */
export function ForbiddenState({ title, reason }: { title: string; reason: string }) {
  return (
    <div className="max-w-2xl">
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{title}</h1>
      <Alert tone="warning" title="You do not have access to this page">
        <p>
          {reason.charAt(0).toUpperCase() + reason.slice(1)}. Ask an admin if you need it.
        </p>
      </Alert>
    </div>
  );
}
