import type { Random } from '../rng.js';

/**
 * A probability distribution of a non-negative quantity: a duration in minutes, or a count.
 * `mean` and `variance` are exact (closed form) for the parameters given. `sample` draws one value
 * using only `random` (so results depend only on that stream); `toString` gives back a spec that
 * {@link parseDistribution} accepts and that reads well in reports.
 */
export interface Distribution {
  readonly kind: string;
  readonly mean: number;
  readonly variance: number;
  sample(random: Random): number;
  toString(): string;
}

/** Arguments of one spec `name(a, b, key=value, ...)`, as raw text (lists as arrays of raw text). */
export interface SpecArgs {
  readonly positional: readonly SpecValue[];
  readonly named: ReadonlyMap<string, SpecValue>;
}

/** One raw argument: text, or a bracketed list `[a, b, c]` of texts. */
export type SpecValue = string | readonly string[];

/** A distribution family registered by name in the registry (src/kernel/distributions/index.ts). */
export interface DistributionFamily {
  /** Name used in specs, e.g. `gamma`. */
  readonly name: string;
  /** The accepted forms, for error messages, e.g. `gamma(mean=3h, cv=0.8) or gamma(shape=2, scale=1h)`. */
  readonly forms: string;
  /**
   * Build from parsed arguments. `path` names the field for errors; `parse` parses nested specs
   * (used by mixture).
   */
  create(args: SpecArgs, path: string, parse: (spec: string, path: string) => Distribution): Distribution;
}
