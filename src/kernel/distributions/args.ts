import { UserError, show } from '../../errors.js';
import { parseDuration } from '../duration.js';
import type { SpecArgs, SpecValue } from './types.js';

/**
 * Reads a family's parameters from parsed spec arguments, by name or position, and validates them.
 * Every error is one {@link UserError} line naming the field path, the parameter, the value and the
 * family's accepted forms.
 */
export class Params {
  private readonly used = new Set<string>();
  constructor(
    private readonly args: SpecArgs,
    private readonly path: string,
    private readonly family: string,
    private readonly forms: string,
  ) {}

  /** Throw a UserError about parameter `name`. */
  fail(name: string, value: unknown, expected: string): never {
    throw new UserError(`${this.path}: ${this.family} parameter ${name}=${typeof value === 'string' ? value : show(value)} is invalid; expected ${expected} (accepted: ${this.forms})`);
  }

  /** Throw a UserError about the spec as a whole. */
  failSpec(problem: string): never {
    throw new UserError(`${this.path}: ${problem}; accepted: ${this.forms}`);
  }

  /** True if the named parameter was given. */
  has(name: string): boolean {
    return this.args.named.has(name);
  }

  /** Raw value of a parameter given by `name` or at position `index` (undefined if absent). */
  raw(name: string, index?: number): SpecValue | undefined {
    this.used.add(name);
    const v = this.args.named.get(name);
    if (v !== undefined && index !== undefined && index < this.args.positional.length) this.failSpec(`${this.family} parameter ${name} is given twice (by position and by name)`);
    if (v !== undefined) return v;
    if (index !== undefined && index < this.args.positional.length) return this.args.positional[index];
    return undefined;
  }

  private text(name: string, index?: number): string {
    const v = this.raw(name, index);
    if (v === undefined) this.failSpec(`${this.family} needs parameter ${name}`);
    if (typeof v !== 'string') this.fail(name, `[${v.join(', ')}]`, 'a single value, not a list');
    return v;
  }

  /** A duration parameter (minutes), e.g. `mean=1h`; must be > 0 unless `allowZero`. */
  duration(name: string, index?: number, allowZero = false): number {
    const t = this.text(name, index);
    let v: number;
    try {
      v = parseDuration(t, `${this.path}.${name}`);
    } catch {
      return this.fail(name, t, 'a duration such as 90s, 15m, 4h, 3d, 1w or plain minutes');
    }
    if (!allowZero && v <= 0) this.fail(name, t, 'a duration > 0');
    return v;
  }

  /** A plain number parameter; checked against `min` (exclusive unless `minInclusive`). */
  number(name: string, index?: number, min = 0, minInclusive = false, max = Infinity): number {
    const t = this.text(name, index);
    const v = Number(t);
    const ok = t.trim() !== '' && Number.isFinite(v) && (minInclusive ? v >= min : v > min) && v <= max;
    if (!ok) this.fail(name, t, `a number ${minInclusive ? '≥' : '>'} ${min}${max < Infinity ? ` and ≤ ${max}` : ''}`);
    return v;
  }

  /** Reject any named parameter not read so far, and more positional arguments than `maxPositional`. */
  done(maxPositional: number): void {
    for (const k of this.args.named.keys()) if (!this.used.has(k)) this.failSpec(`${this.family} has no parameter ${k}`);
    if (this.args.positional.length > maxPositional) this.failSpec(`${this.family} takes at most ${maxPositional} unnamed argument(s), got ${this.args.positional.length}`);
  }
}
