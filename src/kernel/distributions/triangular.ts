import { Params } from './args.js';
import { dur } from './math.js';
import type { DistributionFamily } from './types.js';

/** Triangular on [min, max] with peak at mode (minutes), min ≤ mode ≤ max, min < max; sampled by inversion. */
export const triangular: DistributionFamily = {
  name: 'triangular',
  forms: 'triangular(min=5m, mode=20m, max=2h) or triangular(5m, 20m, 2h)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const a = p.duration('min', 0, true);
    const c = p.duration('mode', 1, true);
    const b = p.duration('max', 2);
    p.done(3);
    if (b <= a) p.fail('max', dur(b), `a duration greater than min=${dur(a)}`);
    if (c < a || c > b) p.fail('mode', dur(c), `a duration between min=${dur(a)} and max=${dur(b)}`);
    const fc = (c - a) / (b - a);
    return {
      kind: 'triangular',
      mean: (a + b + c) / 3,
      variance: (a * a + b * b + c * c - a * b - a * c - b * c) / 18,
      sample(random) {
        const u = random();
        return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
      },
      toString: () => `triangular(min=${dur(a)}, mode=${dur(c)}, max=${dur(b)})`,
    };
  },
};
