import { describe, expect, it } from 'vitest';
import { cronDays, cronWindow, isIanaTimeZone } from './working-hours';

describe('working hours', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Calcutta', 'America/New_York', 'Etc/GMT+5'])('takes the time zone %s', (zone) =>
    expect(isIanaTimeZone(zone)).toBe(true),
  );

  // Go's LoadLocation reads the tz database's files: names are case-sensitive there.
  it.each(['europe/berlin', 'Europe/berlin', 'America/new_york', 'Mars/Olympus', 'CEST', '+02:00', ''])('refuses %s', (zone) =>
    expect(isIanaTimeZone(zone)).toBe(false),
  );

  it.each([
    [['mon', 'tue', 'wed', 'thu', 'fri'], '1-5'],
    [['fri', 'thu'], '4-5'],
    [['sun'], '0'],
    [['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], '*'],
    [['mon', 'wed'], undefined],
    [['sat', 'sun'], undefined],
  ] as const)('writes the days %j as %s (one range, never a comma)', (days, field) => expect(cronDays(days)).toBe(field));

  it('renders the KEDA cron trigger metadata', () => {
    expect(cronWindow({ timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:30', end: '19:05', replicas: 2 })).toEqual({
      timezone: 'Europe/Berlin',
      start: '30 7 * * 1-5',
      end: '5 19 * * 1-5',
      desiredReplicas: '2',
    });
  });
});
