import { UserError, show } from '../errors.js';

/** Minutes per unit of the duration grammar: s, m, h, d, w (minutes are the simulator's time unit). */
const UNIT_MINUTES: Readonly<Record<string, number>> = { s: 1 / 60, m: 1, h: 60, d: 1440, w: 10080 };

/** One line describing the accepted duration forms, used in error messages. */
export const DURATION_FORMS = 'a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes';

const NUMBER = String.raw`(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const PART = new RegExp(String.raw`(${NUMBER})\s*([smhdw])`, 'y');
const PLAIN = new RegExp(`^${NUMBER}$`);

/**
 * Parse a duration into minutes.
 *
 * Accepts a finite non-negative number (minutes), a numeric string (minutes, e.g. `"90"`), or one or
 * more `<number><unit>` parts with units `s`, `m`, `h`, `d`, `w` (e.g. `"45s"`, `"2h"`,
 * `"1h30m"`, `"1h 30m"`, `"3d"`, `"1w"`). Anything else throws a one-line {@link UserError} naming
 * `path` (the field being parsed), the value and the accepted forms.
 */
export function parseDuration(value: string | number, path = 'duration'): number {
  const fail = (): never => {
    throw new UserError(`${path}: invalid duration ${show(value)}; expected ${DURATION_FORMS}`);
  };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) fail();
    return value;
  }
  if (typeof value !== 'string') return fail();
  const text = value.trim().toLowerCase();
  if (text === '') return fail();
  if (PLAIN.test(text)) return Number.isFinite(Number(text)) ? Number(text) : fail();
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (m === null) return fail();
    total += Number(m[1]) * UNIT_MINUTES[m[2]];
    pos = PART.lastIndex;
    while (text[pos] === ' ') pos++;
  }
  return Number.isFinite(total) ? total : fail();
}

/**
 * Compact human form of a duration given in minutes, rounded to the nearest second: `"1h 30m"`,
 * `"3d 2h"`, `"45s"`, `"0m"`. Lists the non-zero units among w, d, h, m, s; parseDuration reads it back.
 */
export function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes)) return String(minutes);
  const sign = minutes < 0 ? '-' : '';
  let seconds = Math.round(Math.abs(minutes) * 60);
  const parts: string[] = [];
  for (const [unit, size] of [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(seconds / size);
    if (n > 0) parts.push(`${n}${unit}`);
    seconds -= n * size;
  }
  return parts.length === 0 ? '0m' : sign + parts.join(' ');
}
