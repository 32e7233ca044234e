import { cx } from '../ui/cx';

// An external dependency (the only list of objects in a spec) as people write it:
// "database postgres.example.com:5432 from 10.50.0.0/24, 10.50.1.0/24".
function dependencyText(value: object): string | undefined {
  const { name, host, port, cidrs } = value as { name?: unknown; host?: unknown; port?: unknown; cidrs?: unknown };
  if (typeof name !== 'string' || !Array.isArray(cidrs)) return undefined;
  return `${name} ${typeof host === 'string' ? `${host}:${String(port)}` : `port ${String(port)}`} from ${cidrs.join(', ')}`;
}

/** A spec value as text: strings as they are, lists item by item, everything else as JSON, absence as a dash. */
export function formatSpecValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value.map((item: unknown) => (item !== null && typeof item === 'object' ? (dependencyText(item) ?? JSON.stringify(item)) : String(item))).join(value.some((item) => typeof item === 'object') ? '; ' : ', ');
  }
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
