import { Params } from './args.js';
import { dur, openUniform } from './math.js';
import type { DistributionFamily } from './types.js';

/** Exponential duration with the given mean (minutes); sampled by inversion, −mean·ln(U). */
export const exponential: DistributionFamily = {
  name: 'exponential',
  forms: 'exponential(mean=1h) or exponential(1h)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const mean = p.duration('mean', 0);
    p.done(1);
    return {
      kind: 'exponential',
      mean,
      variance: mean * mean,
      sample: (random) => -mean * Math.log(openUniform(random)),
      toString: () => `exponential(mean=${dur(mean)})`,
    };
  },
};
