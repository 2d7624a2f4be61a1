/** Clock: simulated minutes ↔ local wall time, across daylight-saving changes. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/time/clock.js';

const clock = new Clock('2026-01-05T00:00:00Z');
const utcMinute = (iso: string) => (DateTime.fromISO(iso, { setZone: true }).toMillis() - clock.startMs) / 60000;
const day = (date: string, zone: string) => DateTime.fromISO(date, { zone }).startOf('day');
/** `clock` minutes after the local midnight of `date` (a day-start DateTime), through Clock.wall. */
const local = (date: DateTime, clockMinutes: number) => clock.wall(date.zone, Date.UTC(date.year, date.month - 1, date.day) + clockMinutes * 60000);

describe('Clock.wall', () => {
  it('reads a local wall time in the zone of the day, whatever its offset that day', () => {
    expect(local(day('2026-01-12', 'Europe/London'), 9 * 60)).toBe(utcMinute('2026-01-12T09:00:00Z'));
    expect(local(day('2026-07-13', 'Europe/London'), 9 * 60)).toBe(utcMinute('2026-07-13T08:00:00Z'));
    expect(local(day('2026-07-13', 'America/New_York'), 9 * 60)).toBe(utcMinute('2026-07-13T13:00:00Z'));
    // past midnight: 22:00–06:00 ends at 06:00 the next local day
    expect(local(day('2026-07-13', 'Asia/Singapore'), 30 * 60)).toBe(utcMinute('2026-07-13T22:00:00Z'));
  });

  it('moves a wall time that does not exist (clocks go forward) on by the gap, as luxon does', () => {
    // London, 29 March 2026: 01:00 GMT becomes 02:00 BST; 01:30 does not exist → 02:30 BST
    const d = day('2026-03-29', 'Europe/London');
    expect(local(d, 90)).toBe(utcMinute('2026-03-29T01:30:00Z'));
    expect(local(d, 90)).toBe((DateTime.fromObject({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, { zone: 'Europe/London' }).toMillis() - clock.startMs) / 60000);
  });

  it('resolves a wall time that happens twice (clocks go back) the same way on any run date', () => {
    // London, 25 October 2026: 01:30 happens at 00:30Z (BST) and at 01:30Z (GMT)
    expect(local(day('2026-10-25', 'Europe/London'), 90)).toBe(utcMinute('2026-10-25T01:30:00Z'));
    // New York, 1 November 2026: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST)
    expect(local(day('2026-11-01', 'America/New_York'), 90)).toBe(utcMinute('2026-11-01T05:30:00Z'));
  });
});
