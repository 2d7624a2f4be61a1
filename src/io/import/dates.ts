import { DateTime, IANAZone } from 'luxon';
import { UserError } from '../../errors.js';

/**
 * Date parsing for imports. A `DateParser` turns one cell into ms since the Unix epoch (UTC), or
 * `undefined` when the cell is not a date in its format; `format` names the format for messages
 * ("is not a date in d/M/yyyy H:mm").
 */
export interface DateParser {
  readonly format: string;
  parse(text: string): number | undefined;
}

/** Checks an IANA zone name (or "UTC"); `what` names the option or field for the message. */
export function checkZone(zone: string, what: string): string {
  if (zone === 'UTC' || IANAZone.isValidZone(zone)) return zone;
  throw new UserError(`${what}: "${zone}" is not a known IANA time zone; expected e.g. UTC or Europe/Berlin`);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * Converts a local wall-clock time in `zone` to epoch ms. The zone offset is cached per local
 * hour; an hour that contains a UTC-offset change (daylight saving) is resolved minute by minute
 * with luxon (a time in a spring-forward gap moves forward, an ambiguous autumn time takes the
 * earlier offset, as luxon does).
 */
export function localTimeConverter(zone: string): (y: number, mo: number, d: number, h: number, mi: number) => number {
  if (zone === 'UTC') return (y, mo, d, h, mi) => Date.UTC(y, mo - 1, d, h, mi);
  const offsetByHour = new Map<number, number>(); // local hour key → offset in minutes, NaN if mixed
  const exact = (y: number, mo: number, d: number, h: number, mi: number) =>
    DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi }, { zone }).toMillis();
  return (y, mo, d, h, mi) => {
    const key = ((y * 13 + mo) * 32 + d) * 24 + h;
    let off = offsetByHour.get(key);
    if (off === undefined) {
      const a = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: 0 }, { zone });
      const b = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: 59 }, { zone });
      off = a.offset === b.offset && a.hour === h ? a.offset : NaN;
      offsetByHour.set(key, off);
    }
    if (Number.isNaN(off)) return exact(y, mo, d, h, mi);
    return Date.UTC(y, mo - 1, d, h, mi) - off * 60_000;
  };
}

/**
 * The ServiceNow export format `d/M/yyyy H:mm` (no zero padding needed, no seconds, e.g.
 * "29/2/2016 13:23"), hand-parsed for speed: this runs on every row of large logs.
 */
export function dmyHmParser(zone: string): DateParser {
  const toMs = localTimeConverter(zone);
  return {
    format: 'd/M/yyyy H:mm',
    parse(s) {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(s);
      if (m === null) return undefined;
      const d = +m[1];
      const mo = +m[2];
      const y = +m[3];
      const h = +m[4];
      const mi = +m[5];
      if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59) return undefined;
      return toMs(y, mo, d, h, mi);
    },
  };
}

/**
 * A parser for one named format: "iso" (ISO 8601; a time without offset is read in `zone`),
 * "sql" ("2024-03-01 09:15:00", optionally with an offset), "epoch-s", "epoch-ms", or any luxon
 * format string ("dd/MMM/yy h:mm a"). "d/M/yyyy H:mm" uses the fast hand-rolled parser.
 */
export function dateParser(format: string, zone: string): DateParser {
  if (format === 'd/M/yyyy H:mm') return dmyHmParser(zone);
  const valid = (dt: DateTime) => (dt.isValid ? dt.toMillis() : undefined);
  switch (format) {
    case 'iso':
      // ISO 8601, also with a space instead of the "T" (RFC 3339 allows it; XES and SQL exports write it).
      return { format: 'ISO 8601', parse: (s) => valid(DateTime.fromISO(/^\d{4}-\d{2}-\d{2} \d/.test(s) ? `${s.slice(0, 10)}T${s.slice(11)}` : s, { zone })) };
    case 'sql':
      return { format: 'yyyy-MM-dd HH:mm[:ss]', parse: (s) => valid(DateTime.fromSQL(s, { zone })) };
    case 'epoch-s':
    case 'epoch-ms': {
      const unit = format === 'epoch-s' ? 1000 : 1;
      return {
        format: format === 'epoch-s' ? 'seconds since 1970-01-01 UTC' : 'milliseconds since 1970-01-01 UTC',
        parse: (s) => (/^-?\d+(\.\d+)?$/.test(s) ? Math.round(Number(s) * unit) : undefined),
      };
    }
    default:
      return { format, parse: (s) => valid(DateTime.fromFormat(s, format, { zone, locale: 'en-US' })) };
  }
}

/** Tries several parsers in order; the first that reads the cell wins. */
export function anyOf(parsers: DateParser[]): DateParser {
  return {
    format: parsers.map((p) => p.format).join(' or '),
    parse(s) {
      for (const p of parsers) {
        const v = p.parse(s);
        if (v !== undefined) return v;
      }
      return undefined;
    },
  };
}
