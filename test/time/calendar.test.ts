import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type CalendarSpec } from '../../src/time/calendar.js';
import { Clock } from '../../src/time/clock.js';

const cal = (spec: CalendarSpec, start: string, to = 8 * 10080) => new BusinessCalendar(spec, new Clock(start), 0, to, 'calendars.c');

describe('BusinessCalendar', () => {
  it('a 16 business-hour target opened Monday 11:00 on Mon 09–17, Tue 09–16, Thu 08–17 is due Thursday 11:00', () => {
    // 2026-01-05 is a Monday; minute 0 is its midnight UTC.
    const c = cal({ timezone: 'UTC', hours: { mon: '09:00-17:00', tue: '09:00-16:00', thu: '08:00-17:00' } }, '2026-01-05T00:00:00Z');
    const mon11 = 11 * 60;
    const thu11 = 3 * 1440 + 11 * 60;
    expect(c.due(mon11, 16 * 60)).toBe(thu11);
    expect(c.elapsed(mon11, thu11, [])).toBe(16 * 60);
  });

  describe('mon-fri 08:00-18:00 Europe/London across the spring DST change (Sun 2026-03-29)', () => {
    // Minute 0 = Friday 2026-03-27 00:00 UTC = 00:00 GMT. Monday 08:00 BST is 07:00 UTC.
    const c = cal({ timezone: 'Europe/London', hours: { 'mon-fri': '08:00-18:00' } }, '2026-03-27T00:00:00Z');
    const fri17 = 17 * 60;
    const mon0800 = 3 * 1440 + 7 * 60;
    const mon1800 = 3 * 1440 + 17 * 60;

    it('opens at 08:00 local on both sides of the change', () => {
      expect(c.open.spans().slice(0, 2)).toEqual([[8 * 60, 18 * 60], [mon0800, mon1800]]);
    });

    it('skips the weekend: 2 business hours from Friday 17:00 end Monday 09:00 BST', () => {
      expect(c.due(fri17, 120)).toBe(mon0800 + 60);
      expect(c.elapsed(fri17, mon0800 + 60, [])).toBe(120);
    });

    it('counts 10 h on Friday and 10 h on Monday', () => {
      expect(c.elapsed(0, mon1800, [])).toBe(1200);
      expect(c.elapsed(0, mon1800 - 1, [])).toBe(1199);
    });

    it('a holiday on the Monday moves the due time to Tuesday 09:00 BST', () => {
      const h = cal({ timezone: 'Europe/London', hours: { 'mon-fri': '08:00-18:00' }, holidays: ['2026-03-30'] }, '2026-03-27T00:00:00Z');
      expect(h.due(fri17, 120)).toBe(4 * 1440 + 8 * 60);
      expect(h.elapsed(0, 5 * 1440, [])).toBe(1200);
    });
  });

  it('subtracts overlapping pauses once, and only their business part', () => {
    const c = cal({ timezone: 'UTC', hours: { 'mon-fri': '08:00-18:00' } }, '2026-01-05T00:00:00Z');
    // Monday 08:00–18:00 with pauses 10:00–11:00 and 10:30–12:00 (1.5 h + 0.5 h overlap = 2 h), and 17:00–23:00 (1 h of business).
    expect(c.elapsed(480, 1080, [[600, 660], [630, 720], [1020, 1380]])).toBe(600 - 120 - 60);
  });

  it('a range crossing midnight belongs to the day it starts on', () => {
    const c = cal({ timezone: 'UTC', hours: { mon: '22:00-06:00' } }, '2026-01-05T00:00:00Z');
    expect(c.open.spans()[0]).toEqual([22 * 60, 30 * 60]);
    expect(c.elapsed(0, 2 * 1440, [])).toBe(480);
  });

  it('several ranges a day, and "24h"', () => {
    const c = cal({ timezone: 'UTC', hours: { 'mon-fri': '08:00-12:00,13:00-17:00', 'sat,sun': '24h' } }, '2026-01-05T00:00:00Z');
    expect(c.elapsed(0, 1440, [])).toBe(480);
    expect(c.elapsed(5 * 1440, 7 * 1440, [])).toBe(2880);
  });

  it('due answers Infinity past the precomputed window', () => {
    const c = cal({ timezone: 'UTC', hours: { mon: '09:00-10:00' } }, '2026-01-05T00:00:00Z', 10080);
    expect(c.due(0, 60)).toBe(600);
    expect(c.due(0, 61)).toBe(Infinity);
  });

  it('elapsed(t0, due(t0, m)) = m, and due is the earliest such instant', () => {
    const c = cal({ timezone: 'Europe/Berlin', hours: { 'mon-fri': '08:00-18:00', sat: '10:00-14:00' }, holidays: ['2026-03-30'] }, '2026-03-20T00:00:00Z');
    fc.assert(fc.property(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 0, max: 6000 }), (t0, m) => {
      const d = c.due(t0, m);
      expect(c.elapsed(t0, d, [])).toBe(m);
      if (m > 0) expect(c.elapsed(t0, d - 1, [])).toBeLessThan(m);
    }), { seed: 7, numRuns: 500 });
  });

  it.each([
    [{ timezone: 'Mars/Olympus', hours: { 'mon-fri': '08:00-18:00' } }, 'calendars.c.timezone: unknown time zone "Mars/Olympus"'],
    [{ timezone: 'UTC', hours: { 'mon-fri': '8am-6pm' } }, 'calendars.c.hours.mon-fri: "8am-6pm" is not a set of hours'],
    [{ timezone: 'UTC', hours: { 'mon-fri': '25:00-26:00' } }, 'calendars.c.hours.mon-fri: "25:00-26:00" is not a set of hours'],
    [{ timezone: 'UTC', hours: { 'mon-fri': '09:00-09:00' } }, 'is empty'],
    [{ timezone: 'UTC', hours: { 'mon-fry': '09:00-17:00' } }, 'calendars.c.hours.mon-fry: "mon-fry" is not a weekday set'],
    [{ timezone: 'UTC', hours: { daily: '24h' }, holidays: ['2026-02-30'] }, 'calendars.c.holidays[0]: "2026-02-30" is not a date; expected YYYY-MM-DD'],
  ])('rejects %j with a one-line error', (spec, message) => {
    expect(() => cal(spec as CalendarSpec, '2026-01-05T00:00:00Z')).toThrow(message);
  });
});
