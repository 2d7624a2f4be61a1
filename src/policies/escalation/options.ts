/** Option validation shared by escalation policies: every error is a one-line UserError naming the path. */
import { UserError, show } from '../../errors.js';
import { DURATION_FORMS, parseDuration } from '../../kernel/duration.js';

/** Throws unless every key of `options` is in `allowed`. */
export function onlyKeys(options: Record<string, unknown>, allowed: readonly string[], path: string, policy: string): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      const expected = allowed.length === 0 ? 'no options' : `one of ${allowed.join(', ')}`;
      throw new UserError(`${path}.${k}: unknown option of escalation policy "${policy}"; expected ${expected}`);
    }
  }
}

/** A plain object (record), or the error naming `path`. */
export function record(v: unknown, path: string, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError(`${path}: ${show(v)} is not ${what}`);
  return v as Record<string, unknown>;
}

/** A list, or the error naming `path`. */
export function list(v: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(v)) throw new UserError(`${path}: ${show(v)} is not ${what}`);
  return v;
}

/** A duration in minutes (see parseDuration), strictly positive unless `allowZero`. */
export function duration(v: unknown, path: string, allowZero = false): number {
  if (typeof v !== 'string' && typeof v !== 'number') throw new UserError(`${path}: invalid duration ${show(v)}; expected ${DURATION_FORMS}`);
  const d = parseDuration(v, path);
  if (!allowZero && d <= 0) throw new UserError(`${path}: ${show(v)} is zero; expected a positive duration`);
  return d;
}

/** An integer ≥ min, or the default when absent. */
export function integer(v: unknown, dflt: number, min: number, path: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new UserError(`${path}: ${show(v)} is not an integer ≥ ${min}`);
  return v;
}

/** A non-empty string. */
export function text(v: unknown, path: string, what = 'a non-empty string'): string {
  if (typeof v !== 'string' || v.length === 0) throw new UserError(`${path}: ${show(v)} is not ${what}`);
  return v;
}
