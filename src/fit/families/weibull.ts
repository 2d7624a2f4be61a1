import { lnGamma } from '../special.js';
import { specDuration, specNumber, type FitFamily } from './types.js';

/**
 * Weibull with shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k). MLE: k solves
 * Σ xᵏ ln x / Σ xᵏ − 1/k − mean(ln x) = 0 (increasing in k: safeguarded Newton inside a
 * bracket), then λ = (mean xᵏ)^(1/k). Computed on x / x̄ for numerical range, then rescaled.
 * Spec: `weibull(shape=k, scale=λ)`.
 */
export const weibullFamily: FitFamily = {
  name: 'weibull',
  fit(xs, st) {
    const n = st.n;
    const logs = new Float64Array(n);
    for (let i = 0; i < n; i++) logs[i] = Math.log(xs[i] / st.mean);
    const meanLog = st.meanLog - Math.log(st.mean);
    // g(k) and g'(k) on the scaled sample.
    const g = (k: number): [number, number] => {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const l = logs[i];
        const p = Math.exp(k * l);
        s0 += p;
        s1 += p * l;
        s2 += p * l * l;
      }
      return [s1 / s0 - 1 / k - meanLog, (s2 * s0 - s1 * s1) / (s0 * s0) + 1 / (k * k)];
    };
    let lo = 1e-3;
    let hi = 100;
    let k = Math.min(50, Math.max(0.05, Math.PI / Math.sqrt(6 * st.varLog)));
    for (let i = 0; i < 200; i++) {
      const [v, d] = g(k);
      if (v > 0) hi = k;
      else lo = k;
      let next = k - v / d;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (Math.abs(next - k) < 1e-12 * k) {
        k = next;
        break;
      }
      k = next;
    }
    let sk = 0;
    for (let i = 0; i < n; i++) sk += Math.exp(k * logs[i]);
    const lambda = st.mean * Math.pow(sk / n, 1 / k);
    // Σ (x/λ)^k = n at the MLE.
    const logLik = n * Math.log(k) - n * k * Math.log(lambda) + (k - 1) * n * st.meanLog - n;
    return {
      family: 'weibull',
      params: { shape: k, scale: lambda },
      k: 2,
      logLik,
      mean: lambda * Math.exp(lnGamma(1 + 1 / k)),
      median: lambda * Math.pow(Math.LN2, 1 / k),
      cdf: (x) => (x <= 0 ? 0 : 1 - Math.exp(-Math.pow(x / lambda, k))),
      spec: `weibull(shape=${specNumber(k)}, scale=${specDuration(lambda)})`,
    };
  },
};
