import { specDuration, type FitFamily } from './types.js';

/** Exponential with mean μ. MLE: μ = sample mean. Spec: `exponential(mean=μ)`. */
export const exponentialFamily: FitFamily = {
  name: 'exponential',
  fit(xs, s) {
    const mean = s.mean;
    return {
      family: 'exponential',
      params: { mean },
      k: 1,
      logLik: -s.n * Math.log(mean) - s.n,
      mean,
      median: mean * Math.LN2,
      cdf: (x) => (x <= 0 ? 0 : 1 - Math.exp(-x / mean)),
      spec: `exponential(mean=${specDuration(mean)})`,
    };
  },
};
