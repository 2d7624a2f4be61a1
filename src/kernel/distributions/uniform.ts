import { Params } from './args.js';
import { dur } from './math.js';
import type { DistributionFamily } from './types.js';

/** Uniform on [min, max) (minutes), min ≥ 0, max > min; sampled as min + (max − min)·U. */
export const uniform: DistributionFamily = {
  name: 'uniform',
  forms: 'uniform(min=5m, max=1h) or uniform(5m, 1h)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const min = p.duration('min', 0, true);
    const max = p.duration('max', 1);
    p.done(2);
    if (max <= min) p.fail('max', dur(max), `a duration greater than min=${dur(min)}`);
    const w = max - min;
    return {
      kind: 'uniform',
      mean: (min + max) / 2,
      variance: (w * w) / 12,
      sample: (random) => min + w * random(),
      toString: () => `uniform(min=${dur(min)}, max=${dur(max)})`,
    };
  },
};
