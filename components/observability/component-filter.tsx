import Link from 'next/link';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import type { EnvironmentAlerts } from '@/lib/core/alerts/alerts';
import { cx } from '@/components/ui/cx';
import { AlertCountBadge } from './alert-list';
import { hrefWith } from './range-picker';

const itemClass = (current: boolean) =>
  cx(
    'inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600',
    current ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800',
  );

/** Links narrowing the page to one component (the URL's `component`), each with its alert count when known. */
export function ComponentFilter({
  components,
  component,
  path,
  query,
  counts,
}: {
  components: readonly ComponentName[];
  component?: ComponentName;
  path: string;
  query: Record<string, string | undefined>;
  counts?: EnvironmentAlerts['counts'];
}) {
  return (
    <nav aria-label="Component">
      <ul className="flex flex-wrap items-center gap-1">
        <li>
          <Link href={hrefWith(path, query, { component: undefined })} scroll={false} aria-current={component ? undefined : 'true'} className={itemClass(!component)}>
            All components
          </Link>
        </li>
        {components.map((name) => (
          <li key={name}>
            <Link href={hrefWith(path, query, { component: name })} scroll={false} aria-current={component === name ? 'true' : undefined} className={itemClass(component === name)}>
              {name}
              {counts ? <AlertCountBadge {...counts[name]} /> : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
