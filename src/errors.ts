/**
 * A mistake in what the user gave us (a file, a flag, a value). The CLI prints `message` as one
 * line and exits non-zero, with no stack trace. Messages name the file, the field path or the
 * CSV row/column, the bad value, and what was expected.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(oneLine(message));
  }
}

/** The longest message a UserError carries; a longer one keeps its start and its end. */
export const MAX_MESSAGE = 480;

/** A message as one line of at most MAX_MESSAGE characters (a safety net: messages shorten their values with `show`). */
export function oneLine(message: string): string {
  const s = message.replace(/\s*[\r\n]+\s*/g, ' ');
  return s.length <= MAX_MESSAGE ? s : `${s.slice(0, MAX_MESSAGE - 160)} … ${s.slice(-150)}`;
}

/** True for errors the CLI should print as one line (user mistakes), false for bugs. */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** The longest text of a value that messages echo; longer strings are shortened (with their length). */
const SHOW_CHARS = 60;
/** The most list items or mapping keys messages echo. */
const SHOW_ITEMS = 5;

/**
 * A value as a message echoes it: strings quoted, numbers as written — NaN, Infinity and
 * -Infinity too (JSON would say null) —, `nothing` for a missing value, and long strings, lists
 * and mappings shortened with how long they were: `"xxxxxxxx…" (5000 characters)`,
 * `["a", "b", "c", "d", "e", … (10000 items)]`.
 */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'string') {
    if (v.length <= SHOW_CHARS) return JSON.stringify(v);
    return `${JSON.stringify(v.slice(0, SHOW_CHARS - 3)).slice(0, -1)}…" (${v.length} characters)`;
  }
  if (typeof v === 'function' || typeof v === 'symbol') return String(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (v instanceof Uint8Array) return `binary data (${v.length} bytes)`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid date' : JSON.stringify(v.toISOString());
  if (Array.isArray(v)) {
    const items = v.slice(0, SHOW_ITEMS).map(inner);
    return `[${items.join(', ')}${v.length > SHOW_ITEMS ? `, … (${v.length} items)` : ''}]`;
  }
  const keys = Object.keys(v);
  const items = keys.slice(0, SHOW_ITEMS).map((k) => `${/^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(k.slice(0, 20))}: ${inner((v as Record<string, unknown>)[k])}`);
  return `{ ${items.join(', ')}${keys.length > SHOW_ITEMS ? `, … (${keys.length} keys)` : ''} }`.replace('{  }', '{}');
}

/** A value nested in a list or mapping: short, one level deep. */
function inner(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[… (${v.length} items)]`;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof Date)) return Object.keys(v).length === 0 ? '{}' : '{…}';
  const s = show(v);
  return s.length > 24 ? `${s.slice(0, 20)}…` : s;
}

/** A list of names for a message: each shortened, the first ten, and how many in all. */
export function names(list: readonly string[]): string {
  const one = (n: string) => (n.length > 40 ? `${n.slice(0, 37)}…` : n);
  return list.length <= 10 ? list.map(one).join(', ') : `${list.slice(0, 10).map(one).join(', ')}, … (${list.length} in all)`;
}
