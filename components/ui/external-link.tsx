import type { ReactNode } from 'react';

/** A link into another tool (Prometheus, Grafana, Jaeger, a runbook), opened in a new tab and saying so. */
export function ExternalLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer" className={className ?? 'font-medium text-sky-700 hover:underline dark:text-sky-400'}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
