import { DateTime } from 'luxon';
import { UserError } from '../errors.js';

/**
 * Calendar helpers for fitting: ISO weeks and hours of the week of epoch-ms instants, in a stated
 * IANA zone (wall-clock facts only at this edge).
 */

/** Where an instant falls: its ISO week ("2016-W09"), that week's Monday 00:00 (ms), its hour of week (0 = Monday 00:00–01:00). */
export interface WeekPosition {
  week: string;
  weekStart: number;
  hourOfWeek: number;
}

/** Positions instants in `zone`, caching per local hour (imports hold many instants per hour). */
export function weekLocator(zone: string): (ms: number) => WeekPosition {
  const cache = new Map<number, WeekPosition>();
  return (ms) => {
    const key = Math.floor(ms / 3_600_000);
    let p = cache.get(key);
    if (p === undefined) {
      const d = DateTime.fromMillis(ms, { zone });
      p = {
        week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`,
        weekStart: d.startOf('week').toMillis(),
        hourOfWeek: (d.weekday - 1) * 24 + d.hour,
      };
      // Only cache hours that sit wholly in one local hour (DST-safe).
      if (DateTime.fromMillis(key * 3_600_000, { zone }).hour === DateTime.fromMillis(key * 3_600_000 + 3_599_999, { zone }).hour) cache.set(key, p);
    }
    return p;
  };
}

/** Parses "2016-W09" into [weekYear, week]; a UserError naming `what` otherwise. */
export function parseIsoWeek(text: string, what: string): string {
  const m = /^(\d{4})-?W(\d{2})$/.exec(text.trim());
  if (m === null || +m[2] < 1 || +m[2] > 53) throw new UserError(`${what}: "${text}" is not an ISO week; expected e.g. 2016-W09`);
  return `${m[1]}-W${m[2]}`;
}

/** The ISO week after `week` ("2016-W52" → "2017-W01" or "2016-W53" as the calendar says). */
export function nextWeek(weekStartMs: number, zone: string): { week: string; weekStart: number } {
  const d = DateTime.fromMillis(weekStartMs, { zone }).plus({ weeks: 1 }).startOf('week');
  return { week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`, weekStart: d.toMillis() };
}
