import { z } from 'zod';

// A component's working hours: inside the window KEDA's cron trigger asks for `replicas`; outside it
// the component may go to zero (manifests/autoscaling.ts). Rendered as two five-field cron
// expressions, `M H * * <days>`, in the window's IANA time zone.

/** Sunday first, as cron numbers them (0–6). */
const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

// KEDA loads the zone with Go's time.LoadLocation from the tz database, whose names are
// case-sensitive file names; ICU (Intl) knows the same zones but ignores case and renames links
// (Asia/Kolkata → Asia/Calcutta). A name passes when ICU knows it and its case is the database's:
// exactly ICU's name when that differs only in case, otherwise every part capitalised as tz names are.
const tzName = /^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/;

export function isIanaTimeZone(value: string): boolean {
  if (value.length > 64 || !tzName.test(value)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  return resolved.toLowerCase() !== value.toLowerCase() || resolved === value;
}

const clock = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** Minutes after midnight of a `HH:MM` time, or undefined. */
function minutesOf(value: string): number | undefined {
  const match = clock.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * The cron day-of-week field for a set of days: `*` for all seven, `N` or `A-B` for one run of
 * consecutive days (Sunday first), otherwise undefined. A list (`1,3,5`) is never produced: KEDA
 * before 2.20 copies the expression into the HPA's external metric name, where a comma is not
 * allowed (kedacore/keda#7448).
 */
export function cronDays(days: readonly Weekday[]): string | undefined {
  const numbers = [...new Set(days.map((day) => weekdays.indexOf(day)))].sort((a, b) => a - b);
  const first = numbers.at(0);
  const last = numbers.at(-1);
  if (first === undefined || last === undefined) return undefined;
  if (numbers.length === weekdays.length) return '*';
  if (last - first + 1 !== numbers.length) return undefined;
  return first === last ? String(first) : `${first}-${last}`;
}

export const workingHoursSchema = z
  .strictObject({
    /** IANA time zone the times are read in (daylight saving follows it), e.g. Europe/Berlin. */
    timeZone: z.string().max(64).refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Berlin or UTC'),
    days: z.array(z.enum(weekdays)).min(1, 'give at least one day').max(7),
    /** `HH:MM`, 24-hour clock; the window is [start, end) on each of the days. */
    start: z.string().regex(clock, 'must be a time such as 07:00'),
    end: z.string().regex(clock, 'must be a time such as 20:00'),
    /** Replicas kept inside the window (the autoscaler may add more). */
    replicas: z.int().min(1).max(100),
  })
  .superRefine((value, ctx) => {
    if (new Set(value.days).size !== value.days.length) ctx.addIssue({ code: 'custom', path: ['days'], message: 'a day is listed twice' });
    else if (cronDays(value.days) === undefined) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'must be consecutive days, Sunday first (e.g. mon–fri), or all seven' });
    }
    const start = minutesOf(value.start);
    const end = minutesOf(value.end);
    // KEDA's cron scaler decides "inside" by which comes first, the next end or the next start: a
    // window across midnight limited to some days would stay open over the weekend.
    if (start !== undefined && end !== undefined && end <= start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start on the same day (a window may not cross midnight)' });
    }
  });

export type WorkingHours = z.infer<typeof workingHoursSchema>;

/** KEDA cron trigger metadata for the window. */
export function cronWindow(hours: WorkingHours): { timezone: string; start: string; end: string; desiredReplicas: string } {
  const days = cronDays(hours.days) ?? '*';
  const at = (time: string) => {
    const minutes = minutesOf(time) ?? 0;
    return `${minutes % 60} ${Math.floor(minutes / 60)} * * ${days}`;
  };
  return { timezone: hours.timeZone, start: at(hours.start), end: at(hours.end), desiredReplicas: String(hours.replicas) };
}
