import { Params } from './args.js';
import { dur, normalCdf, normalPdf, standardNormal } from './math.js';
import type { DistributionFamily } from './types.js';

/**
 * Normal(mean, sd) truncated at 0: the normal conditioned on being ≥ 0 (so durations are never
 * negative). `mean` ≥ 0 and `sd` > 0 are the parameters of the untruncated normal; the exposed
 * `mean` and `variance` are those of the truncated distribution. Sampled exactly by rejection
 * (acceptance probability Φ(mean/sd) ≥ 0.5).
 */
export const normal: DistributionFamily = {
  name: 'normal',
  forms: 'normal(mean=1h, sd=15m) (truncated at 0)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const mu = p.duration('mean', 0, true);
    const sd = p.duration('sd', 1);
    p.done(2);
    const alpha = -mu / sd;
    const lambda = normalPdf(alpha) / normalCdf(-alpha); // inverse Mills ratio at α
    return {
      kind: 'normal',
      mean: mu + sd * lambda,
      variance: sd * sd * (1 + alpha * lambda - lambda * lambda),
      sample(random) {
        for (;;) {
          const x = mu + sd * standardNormal(random);
          if (x >= 0) return x;
        }
      },
      toString: () => `normal(mean=${dur(mu)}, sd=${dur(sd)})`,
    };
  },
};
