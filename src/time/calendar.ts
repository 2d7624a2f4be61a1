/**
 * Business calendars: opening hours per weekday set, holidays and a time zone, turned once into
 * the business intervals over a window of simulated minutes; elapsed business time and due
 * instants are then O(log n) lookups.
 */
import { Clock, dateSpans, expandWeekly, type WeeklyPattern } from './clock.js';
import { Intervals, normalize, subtract } from './intervals.js';
import { checkZone, parseDate, parseHours, parseWeekdays } from './parse.js';

/** A calendar as a scenario writes it. */
export interface CalendarSpec {
  timezone: string;
  /** weekday set → hours, e.g. { "mon-fri": "08:00-18:00" } */
  hours: Record<string, string>;
  /** "YYYY-MM-DD" dates (local) with no business hours */
  holidays?: readonly string[];
}

/** Business time over a window of simulated minutes. */
export class BusinessCalendar {
  /** the business intervals, in simulated minutes */
  readonly open: Intervals;

  /**
   * Builds the business intervals of `spec` over [from, to) (simulated minutes; minute 0 is
   * `clock`'s start). Bad hours, weekday sets, dates or time zones throw UserErrors naming
   * `path` + the field.
   */
  constructor(spec: CalendarSpec, clock: Clock, from: number, to: number, path: string) {
    const zone = checkZone(spec.timezone, `${path}.timezone`);
    const patterns: WeeklyPattern[] = Object.entries(spec.hours).map(([days, hours]) => ({
      days: parseWeekdays(days, `${path}.hours.${days}`),
      ranges: parseHours(hours, `${path}.hours.${days}`),
    }));
    const holidays = (spec.holidays ?? []).map((d, i) => parseDate(d, `${path}.holidays[${i}]`));
    const spans = normalize(expandWeekly(patterns, zone, clock, from, to).map((o) => o.span));
    this.open = new Intervals(subtract(spans, normalize(dateSpans(holidays, zone, clock))));
  }

  /** Business minutes in [t0, t1) minus those inside the (possibly overlapping) pauses. */
  elapsed(t0: number, t1: number, pauses: readonly (readonly [number, number])[]): number {
    let d = this.open.measure(t0, t1);
    if (pauses.length === 0) return d;
    // one pause is already normal (an empty one measures 0): no merged copy
    const merged = pauses.length === 1 ? pauses : normalize(pauses);
    for (let i = 0; i < merged.length; i++) d -= this.open.measure(Math.max(merged[i][0], t0), Math.min(merged[i][1], t1));
    return d;
  }

  /** The earliest instant at which `minutes` business minutes have elapsed since t0 (Infinity past the window). */
  due(t0: number, minutes: number): number {
    return this.open.advance(t0, minutes);
  }
}
