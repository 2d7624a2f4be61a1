/** Option validation shared by routing policies: every error is a one-line UserError naming the path. */
import { UserError, show } from '../../errors.js';

/** Throws unless every key of `options` is in `allowed`. */
export function onlyKeys(options: Record<string, unknown>, allowed: readonly string[], path: string, policy: string): void {
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) {
      const expected = allowed.length === 0 ? 'no options' : `one of ${allowed.join(', ')}`;
      throw new UserError(`${path}.${k}: unknown option of routing policy "${policy}"; expected ${expected}`);
    }
  }
}

/** A finite number ≥ min, or the default when absent. */
export function numberOption(options: Record<string, unknown>, key: string, dflt: number, min: number, path: string): number {
  const v = options[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new UserError(`${path}.${key}: ${show(v)} is not a number ≥ ${min}`);
  }
  return v;
}

/** One of `values`, or the default when absent. */
export function enumOption<T extends string>(options: Record<string, unknown>, key: string, values: readonly T[], dflt: T, path: string): T {
  const v = options[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new UserError(`${path}.${key}: ${show(v)} is not one of ${values.join(', ')}`);
  }
  return v as T;
}

/** A non-empty list of strings, or the default when absent. */
export function stringListOption(options: Record<string, unknown>, key: string, dflt: readonly string[], path: string): string[] {
  const v = options[key];
  if (v === undefined) return [...dflt];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
    throw new UserError(`${path}.${key}: ${show(v)} is not a non-empty list of strings`);
  }
  return v as string[];
}
