import type { ReactNode } from 'react';
import { cx } from './cx';

type AlertTone = 'info' | 'success' | 'warning' | 'danger';

const tones: Record<AlertTone, string> = {
  info: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100',
  success: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100',
  danger: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
};

/**
 * A message box. Errors and warnings are announced (role=alert); information is a polite status.
 */
export function Alert({
  tone = 'info',
  title,
  children,
  className,
  id,
}: {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
  className?: string;
  id?: string;
}) {
  const role = tone === 'danger' || tone === 'warning' ? 'alert' : 'status';
  return (
    <div id={id} role={role} className={cx('rounded-md border px-4 py-3 text-sm', tones[tone], className)}>
      {title ? <p className="font-semibold">{title}</p> : null}
      {children ? <div className={cx(title && 'mt-1')}>{children}</div> : null}
    </div>
  );
}

export type Notice = { tone: 'danger' | 'success'; text: string };

/** The outcome of the last action on a page: what failed, or what was done. */
export function NoticeAlert({ notice, children }: { notice: Notice | null; children?: ReactNode }) {
  if (!notice) return null;
  return (
    <Alert tone={notice.tone} title={notice.tone === 'danger' ? 'That did not work' : undefined}>
      {notice.text}
      {children}
    </Alert>
  );
}
