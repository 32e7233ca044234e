/** How long ago `from` was, seen from `now` (both ISO), in a short form: 45s, 12m, 3h, 2d. */
export function age(from: string | null, now: string): string {
  if (!from) return '—';
  const seconds = Math.max(0, Math.round((Date.parse(now) - Date.parse(from)) / 1000));
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}
