import { normalCdf, Z90 } from '../special.js';
import { specDuration, type FitFamily } from './types.js';

/**
 * Lognormal: ln X ~ Normal(μ, σ²). MLE: μ = mean of ln x, σ² = mean of (ln x − μ)².
 * Spec: `lognormal(median=e^μ, p90=e^(μ + 1.2816σ))`.
 */
export const lognormalFamily: FitFamily = {
  name: 'lognormal',
  fit(xs, s) {
    const mu = s.meanLog;
    const sigma = Math.sqrt(s.varLog);
    const n = s.n;
    const logLik = -n * mu - n * Math.log(sigma * Math.sqrt(2 * Math.PI)) - n / 2;
    return {
      family: 'lognormal',
      params: { mu, sigma },
      k: 2,
      logLik,
      mean: Math.exp(mu + (sigma * sigma) / 2),
      median: Math.exp(mu),
      cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
      spec: `lognormal(median=${specDuration(Math.exp(mu))}, p90=${specDuration(Math.exp(mu + Z90 * sigma))})`,
    };
  },
};
