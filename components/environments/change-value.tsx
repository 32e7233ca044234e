import { cx } from '../ui/cx';

/** A spec value as text: strings as they are, everything else as JSON, absence as a dash. */
export function formatSpecValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  return JSON.stringify(value);
}

export function ChangeValue({ value, kind }: { value: unknown; kind: 'before' | 'after' }) {
  return (
    <code
      className={cx(
        'rounded px-1 py-0.5 font-mono text-xs break-all',
        kind === 'before'
          ? 'bg-red-50 text-red-800 line-through decoration-red-400/70 dark:bg-red-950 dark:text-red-200'
          : 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200',
      )}
    >
      <span className="sr-only">{kind === 'before' ? 'before: ' : 'after: '}</span>
      {formatSpecValue(value)}
    </code>
  );
}
