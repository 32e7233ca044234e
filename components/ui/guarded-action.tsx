import { useId } from 'react';
import type { Decision } from '@/lib/core/auth/roles';
import { Button, ButtonLink, buttonClasses, type ButtonVariant } from './button';

type GuardedActionProps = {
  decision: Decision;
  label: string;
  href: string;
  variant?: ButtonVariant;
  /** A file the server sends (a route handler, not a page): a plain link the browser downloads. */
  download?: boolean;
};

/**
 * A link-styled action that, when the actor may not take it, renders as a disabled button with the
 * reason beside it (DESIGN.md: a disabled button says why).
 */
export function GuardedAction({ decision, label, href, variant = 'secondary', download = false }: GuardedActionProps) {
  const reasonId = useId();
  if (decision.allowed && download) {
    return (
      <a href={href} download className={buttonClasses(variant)}>
        {label}
      </a>
    );
  }
  if (decision.allowed) {
    return (
      <ButtonLink href={href} variant={variant}>
        {label}
      </ButtonLink>
    );
  }
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant={variant} disabled aria-describedby={reasonId}>
        {label}
      </Button>
      <DisabledReason id={reasonId} reason={decision.reason} />
    </span>
  );
}

export function DisabledReason({ id, reason }: { id?: string; reason: string }) {
  return (
    <span id={id} className="max-w-xs text-xs text-slate-600 dark:text-slate-400">
      {reason}
    </span>
  );
}
