// Dates are formatted in UTC with a fixed pattern so server and browser render the same text.
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function DateTime({ value, fallback = '—' }: { value: string | Date | null | undefined; fallback?: string }) {
  if (!value) return <span className="text-slate-500">{fallback}</span>;
  const iso = typeof value === 'string' ? value : value.toISOString();
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}
