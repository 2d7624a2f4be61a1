/**
 * Parsers for the scenario's time vocabulary. Every failure is a one-line UserError naming the
 * field path, the bad value and what was expected.
 *
 * - weekday sets: "mon-fri", "sat,sun", "daily", "weekdays", "weekends", "fri-mon" (wraps),
 *   "mon,wed-fri"; weekdays are numbered 1 = Monday … 7 = Sunday (ISO, as luxon).
 * - hours: "08:00-18:00", several separated by commas, "24h" for the whole day; a range whose
 *   end is not after its start crosses midnight ("22:00-06:00" runs into the next day).
 *   Ranges are [start, end) in minutes after the local midnight of the day they start on.
 * - time zones: IANA names ("Europe/London", "UTC").
 * - dates: "YYYY-MM-DD".
 */
import { DateTime, IANAZone } from 'luxon';
import { UserError, show } from '../errors.js';
import { BOUNDS } from '../scenario/bounds.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_FORMS = 'a weekday set such as "mon-fri", "sat,sun", "daily", "weekdays" or "weekends"';
const HOURS_FORMS = '"HH:MM-HH:MM" (several separated by commas) or "24h"';

function dayNumber(token: string): number | undefined {
  const i = DAYS.indexOf(token);
  if (i >= 0) return i + 1;
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].indexOf(token);
  return full >= 0 ? full + 1 : undefined;
}

/** A weekday set → the ISO weekday numbers in it (1 = Monday … 7 = Sunday). */
export function parseWeekdays(text: string, path: string): Set<number> {
  const fail = (): never => {
    throw new UserError(`${path}: ${show(text)} is not a weekday set; expected ${WEEKDAY_FORMS}`);
  };
  if (typeof text !== 'string') return fail();
  const out = new Set<number>();
  const tokens = text.toLowerCase().split(',').map((t) => t.trim());
  for (const token of tokens) {
    if (token === 'daily' || token === 'every day') for (let d = 1; d <= 7; d++) out.add(d);
    else if (token === 'weekdays') for (let d = 1; d <= 5; d++) out.add(d);
    else if (token === 'weekends') [6, 7].forEach((d) => out.add(d));
    else if (token.includes('-')) {
      const ends = token.split('-');
      const a = dayNumber(ends[0].trim());
      const b = dayNumber((ends[1] ?? '').trim());
      if (ends.length !== 2 || a === undefined || b === undefined) return fail();
      for (let d = a; ; d = (d % 7) + 1) {
        out.add(d);
        if (d === b) break;
      }
    } else {
      const d = dayNumber(token);
      if (d === undefined) return fail();
      out.add(d);
    }
  }
  return out;
}

/** "HH:MM" → minutes after midnight (0–1440; "24:00" only when `allow24`), or undefined. */
export function parseClock(text: string, allow24 = false): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && (min !== 0 || !allow24))) return undefined;
  return h * 60 + min;
}

/** An hours string → sorted [start, end) ranges in minutes after the local midnight they start from. */
export function parseHours(text: string, path: string): [number, number][] {
  const fail = (why = ''): never => {
    throw new UserError(`${path}: ${show(text)} is not a set of hours${why}; expected ${HOURS_FORMS}`);
  };
  if (typeof text !== 'string') return fail();
  if (text.trim().toLowerCase() === '24h') return [[0, 1440]];
  const out: [number, number][] = [];
  for (const part of text.split(',')) {
    const ends = part.split('-');
    if (ends.length !== 2) return fail();
    const a = parseClock(ends[0]);
    const b = parseClock(ends[1], true);
    if (a === undefined || b === undefined) return fail();
    if (a === b) return fail(` (the range ${part.trim()} is empty)`);
    out.push([a, b > a ? b : b + 1440]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/** Throws unless `zone` is an IANA time zone luxon knows. */
export function checkZone(zone: string, path: string): string {
  if (typeof zone === 'string' && validZones.has(zone)) return zone;
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new UserError(`${path}: unknown time zone ${show(zone)}; expected an IANA name such as "Europe/London" or "UTC"`);
  }
  validZones.add(zone);
  return zone;
}

/** Zones already found valid (checking one builds an Intl formatter). */
const validZones = new Set<string>();

/** "YYYY-MM-DD" (a real date, in the years of BOUNDS) → the same string; anything else throws. */
export function parseDate(text: string, path: string): string {
  const ok = typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid;
  if (!ok) throw new UserError(`${path}: ${show(text)} is not a date; expected YYYY-MM-DD`);
  checkYear(Number(text.slice(0, 4)), text, path);
  return text;
}

/**
 * An ISO-8601 instant (`2026-01-05T08:00:00+01:00`, `…Z`, or a local time read in the scenario's
 * zone) whose year is within BOUNDS and whose UTC offset is at most ±18:00 → the same string.
 */
export function checkInstant(text: string, path: string, form = 'an ISO-8601 instant such as 2026-01-05T00:00:00Z or 2026-01-05T08:00:00+01:00'): string {
  const fail = (why: string): never => {
    throw new UserError(`${path}: ${show(text)} ${why}; expected ${form}`);
  };
  if (typeof text !== 'string') return fail('is not an instant');
  const offset = /T.*[+-](\d{2}):?(\d{2})$/.exec(text.trim());
  if (offset && (Number(offset[1]) * 60 + Number(offset[2]) > BOUNDS.offsetMinutes || Number(offset[2]) > 59)) return fail('has a UTC offset beyond ±18:00');
  const year = /^([+-]?\d{4,6})-/.exec(text.trim());
  if (year) checkYear(Number(year[1]), text, path);
  if (!DateTime.fromISO(text, { setZone: true }).isValid) return fail(form.startsWith('YYYY') ? 'is not a date or instant' : 'is not an ISO-8601 instant');
  return text;
}

/** A date ("YYYY-MM-DD") or an instant, checked as by parseDate or checkInstant. */
export function checkDateOrInstant(text: string, path: string): string {
  if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return parseDate(text, path);
  return checkInstant(text, path, 'YYYY-MM-DD or an ISO-8601 instant');
}

function checkYear(year: number, text: string, path: string): void {
  if (!(year >= BOUNDS.firstYear && year <= BOUNDS.lastYear)) {
    throw new UserError(`${path}: ${show(text)} is in the year ${year}; expected a year from ${BOUNDS.firstYear} to ${BOUNDS.lastYear}`);
  }
}
