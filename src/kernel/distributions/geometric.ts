import { Params } from './args.js';
import { num, openUniform } from './math.js';
import type { DistributionFamily } from './types.js';

/**
 * Geometric count on 0, 1, 2, … (failures before the first success) with success probability p,
 * given as `p` ∈ (0, 1] or as `mean` > 0 (p = 1/(1 + mean)). Mean (1 − p)/p, variance (1 − p)/p².
 * Sampled by inversion, ⌊ln U / ln(1 − p)⌋.
 */
export const geometric: DistributionFamily = {
  name: 'geometric',
  forms: 'geometric(mean=3) or geometric(p=0.25)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const byP = p.has('p');
    const mean = byP ? NaN : p.number('mean', 0);
    const prob = byP ? p.number('p', undefined, 0, false, 1) : 1 / (1 + mean);
    p.done(byP ? 0 : 1);
    const spec = byP ? `geometric(p=${num(prob)})` : `geometric(mean=${num(mean)})`;
    const logq = Math.log1p(-prob);
    return {
      kind: 'geometric',
      mean: (1 - prob) / prob,
      variance: (1 - prob) / (prob * prob),
      sample: (random) => (prob === 1 ? 0 : Math.floor(Math.log(openUniform(random)) / logq)),
      toString: () => spec,
    };
  },
};
