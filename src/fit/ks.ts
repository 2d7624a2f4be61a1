/**
 * The one-sample Kolmogorov–Smirnov test. With parameters estimated from the same sample the
 * tabled critical value is conservative (Lilliefors): a rejection is trustworthy, an acceptance is
 * generous. Durations recorded to the minute have ties; D is computed on the sorted sample as is.
 */

/** D = sup |F_n(x) − F(x)| for a sample sorted ascending. */
export function ksStatistic(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    const hi = (i + 1) / n - f;
    const lo = f - i / n;
    if (hi > d) d = hi;
    if (lo > d) d = lo;
  }
  return d;
}

/**
 * Critical value of D at level α = 0.05 for a sample of n (Stephens' approximation
 * 1.358 / (√n + 0.12 + 0.11/√n), within 1% of the exact value for n ≥ 5).
 */
export function ksCritical05(n: number): number {
  const r = Math.sqrt(n);
  return 1.358 / (r + 0.12 + 0.11 / r);
}
