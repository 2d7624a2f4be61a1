/**
 * The bridge between simulated minutes and wall-clock time: minute 0 is the scenario's start
 * instant; local times are read in an IANA zone with luxon, so daylight-saving changes are
 * honoured (a "08:00" is 08:00 on the local clock whatever the UTC offset that day).
 */
import { DateTime, type Zone } from 'luxon';
import { UserError, show } from '../errors.js';
import type { Span } from './intervals.js';
import { checkDateOrInstant, checkInstant } from './parse.js';
import { utcOffset } from './offsets.js';

/** Converts between simulated minutes and instants, given the start instant. */
export class Clock {
  readonly startMs: number;

  constructor(startIso: string, path = 'start') {
    checkInstant(startIso, path);
    const dt = DateTime.fromISO(startIso, { setZone: true });
    if (!dt.isValid) throw new UserError(`${path}: ${show(startIso)} is not an ISO-8601 instant`);
    this.startMs = dt.toMillis();
  }

  /** Simulated minute of an instant. */
  minutes(dt: DateTime): number {
    return (dt.toMillis() - this.startMs) / 60000;
  }

  /** The instant at simulated minute t, in `zone`. */
  at(t: number, zone: string): DateTime {
    return DateTime.fromMillis(this.startMs + t * 60000, { zone });
  }

  /**
   * Simulated minute of the local wall time `wallMs` in `zone`: the local date and time written
   * as if they were UTC, in milliseconds (`Date.UTC(y, m − 1, d) + minutes · 60000`). A wall time
   * that does not exist (the hour skipped when clocks go forward) moves forward by the gap, as in
   * luxon; one that happens twice (the hour repeated when they go back) is resolved from the
   * zone's offset at that wall time read as UTC, so the answer never depends on the date the
   * program runs (luxon's own guess starts from today's offset).
   */
  wall(zone: Zone, wallMs: number): number {
    // luxon's fixOffset, from a guess that depends on the wall time only
    const o1 = this.offset(zone, wallMs);
    let ts = wallMs - o1 * 60000;
    const o2 = this.offset(zone, ts);
    if (o2 !== o1) {
      ts -= (o2 - o1) * 60000;
      const o3 = this.offset(zone, ts);
      if (o3 !== o2) ts = wallMs - Math.min(o2, o3) * 60000;
    }
    return (ts - this.startMs) / 60000;
  }

  /** The zone's UTC offset (minutes) at the start of the quarter hour holding instant `ts` (offsets only change on one). */
  private offset(zone: Zone, ts: number): number {
    return utcOffset(zone, Math.floor(ts / 900000) * 900000);
  }

  /**
   * A date ("YYYY-MM-DD", read as local midnight in `zone`; with `endOfDay` the next midnight) or
   * an ISO-8601 instant (a local time without offset is read in `zone`) → simulated minutes.
   */
  instant(value: string, zone: string, path: string, endOfDay = false): number {
    checkDateOrInstant(value, path);
    const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    let dt = typeof value === 'string' ? DateTime.fromISO(value, { zone }) : DateTime.invalid('not a string');
    if (!dt.isValid) throw new UserError(`${path}: ${show(value)} is not a date or instant; expected YYYY-MM-DD or an ISO-8601 instant`);
    if (dateOnly && endOfDay) dt = dt.plus({ days: 1 });
    return this.minutes(dt);
  }
}

/** A weekly pattern: on these ISO weekdays, these local ranges (minutes after local midnight). */
export interface WeeklyPattern {
  days: ReadonlySet<number>;
  ranges: readonly (readonly [number, number])[];
}

/** One occurrence of a weekly pattern: the local date it starts on and its span in simulated minutes. */
export interface Occurrence {
  date: string;
  span: Span;
}

/**
 * Every occurrence of the patterns, in `zone`, that overlaps [from, to), clipped to it, in time
 * order. Ranges that cross midnight belong to the date they start on.
 */
export function expandWeekly(patterns: readonly WeeklyPattern[], zone: string, clock: Clock, from: number, to: number): Occurrence[] {
  const out: Occurrence[] = [];
  if (patterns.length === 0) return out;
  const first = clock.at(from, zone).startOf('day').minus({ days: 1 });
  const last = clock.at(to, zone).startOf('day');
  const z = first.zone;
  const end = Date.UTC(last.year, last.month - 1, last.day);
  // local dates as UTC midnights: plain arithmetic, one day = 86,400,000 ms on the wall clock
  for (let day = Date.UTC(first.year, first.month - 1, first.day); day <= end; day += 86400000) {
    const weekday = ((new Date(day).getUTCDay() + 6) % 7) + 1; // ISO: Monday 1 … Sunday 7
    for (const p of patterns) {
      if (!p.days.has(weekday)) continue;
      for (const [a, b] of p.ranges) {
        const s = Math.max(from, clock.wall(z, day + a * 60000));
        const e = Math.min(to, clock.wall(z, day + b * 60000));
        if (e > s) out.push({ date: new Date(day).toISOString().slice(0, 10), span: [s, e] });
      }
    }
  }
  return out.sort((x, y) => x.span[0] - y.span[0] || x.span[1] - y.span[1]);
}

/** The spans of the given local dates ([midnight, next midnight) in `zone`), in simulated minutes. */
export function dateSpans(dates: readonly string[], zone: string, clock: Clock): Span[] {
  return dates.map((d) => {
    const day = DateTime.fromISO(d, { zone }).startOf('day');
    return [clock.minutes(day), clock.minutes(day.plus({ days: 1 }))] as const;
  });
}
