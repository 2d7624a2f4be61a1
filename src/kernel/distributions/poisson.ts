import type { Random } from '../rng.js';
import { Params } from './args.js';
import { logGamma, num } from './math.js';
import type { DistributionFamily } from './types.js';

/** Means below this use inversion by sequential search; at or above, Hörmann's PTRS. */
const PTRS_FROM = 10;

function inversion(mean: number, random: Random): number {
  const u = random();
  let k = 0;
  let pk = Math.exp(-mean);
  let cdf = pk;
  while (u >= cdf && pk > 0) {
    k++;
    pk *= mean / k;
    cdf += pk;
  }
  return k;
}

/** Hörmann (1993) transformed rejection with squeeze (PTRS), exact for mean ≥ 10. */
function ptrs(mean: number, random: Random): number {
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) return k;
  }
}

/** Poisson count (0, 1, 2, …) with the given mean > 0, e.g. the number of incidents in a storm. */
export const poisson: DistributionFamily = {
  name: 'poisson',
  forms: 'poisson(mean=3)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const mean = p.number('mean', 0);
    p.done(1);
    return {
      kind: 'poisson',
      mean,
      variance: mean,
      sample: (random) => (mean < PTRS_FROM ? inversion(mean, random) : ptrs(mean, random)),
      toString: () => `poisson(mean=${num(mean)})`,
    };
  },
};
