import type { Random } from '../rng.js';
import { formatDuration } from '../duration.js';

/** Shared numerical helpers for the distribution families (not a distribution itself). */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Γ(x) for x > 0. */
export function gammaFunction(x: number): number {
  return Math.exp(logGamma(x));
}

/** Complementary error function erfc(x), accurate to ~1e-15 relative (series / continued fraction). */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    // erf by its Taylor series: 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)).
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // Continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** z with Φ(z) = 0.9, used by the lognormal (median, p90) form. */
export const Z90 = 1.2815515655446004;

/** A uniform draw in (0, 1] (never 0), for logarithms. */
export function openUniform(random: Random): number {
  return 1 - random();
}

/** One standard normal draw (Box–Muller, cosine branch; consumes two uniforms). */
export function standardNormal(random: Random): number {
  const u = openUniform(random);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Format a number for a spec string: up to 6 significant digits, no trailing zeros. */
export function num(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** Format a duration (minutes) for a spec string: compact units when exact to the second, else minutes. */
export function dur(minutes: number): string {
  const seconds = minutes * 60;
  if (Number.isInteger(seconds) && seconds > 0) return formatDuration(minutes).replace(/ /g, '');
  return `${num(minutes)}m`;
}
