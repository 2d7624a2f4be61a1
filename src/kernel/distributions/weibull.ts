import { Params } from './args.js';
import { dur, gammaFunction, num, openUniform } from './math.js';
import type { DistributionFamily } from './types.js';

/**
 * Weibull duration with shape k > 0 and scale λ (minutes): mean λΓ(1 + 1/k), variance
 * λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²). Sampled by inversion, λ(−ln U)^(1/k).
 */
export const weibull: DistributionFamily = {
  name: 'weibull',
  forms: 'weibull(shape=1.5, scale=2h)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const k = p.number('shape', 0);
    const scale = p.duration('scale', 1);
    p.done(2);
    const g1 = gammaFunction(1 + 1 / k);
    const g2 = gammaFunction(1 + 2 / k);
    return {
      kind: 'weibull',
      mean: scale * g1,
      variance: scale * scale * (g2 - g1 * g1),
      sample: (random) => scale * Math.pow(-Math.log(openUniform(random)), 1 / k),
      toString: () => `weibull(shape=${num(k)}, scale=${dur(scale)})`,
    };
  },
};
