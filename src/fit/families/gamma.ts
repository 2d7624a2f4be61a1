import { digamma, gammaP, lnGamma, trigamma } from '../special.js';
import { specDuration, specNumber, type FitFamily } from './types.js';

/**
 * Gamma with shape k and scale θ. MLE: θ = x̄ / k, and k solves ln k − ψ(k) = ln x̄ − mean(ln x)
 * (Minka's closed-form start, then Newton). The fitted mean equals the sample mean exactly.
 * Spec: `gamma(mean=kθ, cv=1/√k)`.
 */
export const gammaFamily: FitFamily = {
  name: 'gamma',
  fit(xs, st) {
    // s ≥ 0 (Jensen); 0 (or a rounding error below it) only for a sample without spread, where
    // Minka's start would be infinite or negative and ψ(k) never ends: a near point mass instead.
    const s = Math.max(Math.log(st.mean) - st.meanLog, 1e-12);
    let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
    for (let i = 0; i < 50; i++) {
      const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
      const next = k - step;
      k = next > 0 ? Math.min(next, 1e12) : k / 2;
      if (Math.abs(step) < 1e-12 * k) break;
    }
    const theta = st.mean / k;
    const n = st.n;
    const logLik = (k - 1) * n * st.meanLog - (n * st.mean) / theta - n * k * Math.log(theta) - n * lnGamma(k);
    return {
      family: 'gamma',
      params: { shape: k, scale: theta },
      k: 2,
      logLik,
      mean: k * theta,
      median: medianOf((x) => gammaP(k, x / theta), k * theta),
      cdf: (x) => gammaP(k, x / theta),
      spec: `gamma(mean=${specDuration(k * theta)}, cv=${specNumber(1 / Math.sqrt(k))})`,
    };
  },
};

/** Solves cdf(x) = 0.5 by bisection on a log scale around `scale`. */
export function medianOf(cdf: (x: number) => number, scale: number): number {
  let lo = scale * 1e-12;
  let hi = scale;
  while (cdf(hi) < 0.5) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = Math.sqrt(lo * hi);
    if (cdf(mid) < 0.5) lo = mid;
    else hi = mid;
    if (hi / lo < 1 + 1e-12) break;
  }
  return Math.sqrt(lo * hi);
}
