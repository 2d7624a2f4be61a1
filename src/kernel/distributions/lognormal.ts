import { Params } from './args.js';
import { dur, standardNormal, Z90 } from './math.js';
import type { DistributionFamily } from './types.js';

/**
 * Lognormal duration exp(μ + σZ), given by its mean and standard deviation
 * (σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2) or by its median and 90th percentile
 * (μ = ln(median), σ = ln(p90/median)/z₀.₉, p90 > median). Sampled exactly by Box–Muller.
 */
export const lognormal: DistributionFamily = {
  name: 'lognormal',
  forms: 'lognormal(median=30m, p90=2h) or lognormal(mean=1h, sd=45m)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    let mu: number;
    let sigma: number;
    let spec: string;
    if (p.has('median') || p.has('p90')) {
      const median = p.duration('median');
      const p90 = p.duration('p90');
      p.done(0);
      if (p90 <= median) p.fail('p90', dur(p90), `a duration greater than median=${dur(median)}`);
      mu = Math.log(median);
      sigma = Math.log(p90 / median) / Z90;
      spec = `lognormal(median=${dur(median)}, p90=${dur(p90)})`;
    } else if (p.has('mean') || p.has('sd')) {
      const mean = p.duration('mean');
      const sd = p.duration('sd');
      p.done(0);
      sigma = Math.sqrt(Math.log1p((sd * sd) / (mean * mean)));
      mu = Math.log(mean) - (sigma * sigma) / 2;
      spec = `lognormal(mean=${dur(mean)}, sd=${dur(sd)})`;
    } else {
      return p.failSpec('lognormal needs median and p90, or mean and sd');
    }
    const s2 = sigma * sigma;
    return {
      kind: 'lognormal',
      mean: Math.exp(mu + s2 / 2),
      variance: Math.expm1(s2) * Math.exp(2 * mu + s2),
      sample: (random) => Math.exp(mu + sigma * standardNormal(random)),
      toString: () => spec,
    };
  },
};
