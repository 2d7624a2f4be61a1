import { Params } from './args.js';
import { dur } from './math.js';
import type { Distribution, DistributionFamily } from './types.js';

/** A constant value (minutes, or a count); `sample` consumes no randomness. */
export function constant(value: number): Distribution {
  return {
    kind: 'deterministic',
    mean: value,
    variance: 0,
    sample: () => value,
    toString: () => `deterministic(${dur(value)})`,
  };
}

/** deterministic(10m): always the given duration (≥ 0). A plain duration spec means the same. */
export const deterministic: DistributionFamily = {
  name: 'deterministic',
  forms: 'deterministic(10m) or a plain duration such as 10m',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const value = p.duration('value', 0, true);
    p.done(1);
    return constant(value);
  },
};
