/**
 * A parametric family fitted by maximum likelihood to positive durations (minutes). Each family
 * lives in its own file and is registered by name in ./index.ts.
 */

/** Summary statistics of a positive sample, computed once and shared by every family's fit. */
export interface SampleStats {
  n: number;
  mean: number;
  /** mean of ln x */
  meanLog: number;
  /** mean of (ln x − meanLog)² (the MLE variance of ln x) */
  varLog: number;
}

/** One fitted distribution: parameters, likelihood, CDF, and the scenario spec string. */
export interface FittedDistribution {
  family: string;
  /** parameters by name, durations in minutes */
  params: Record<string, number>;
  /** number of free parameters (for AIC) */
  k: number;
  /** maximised log-likelihood */
  logLik: number;
  /** mean of the fitted distribution, minutes */
  mean: number;
  /** median of the fitted distribution, minutes */
  median: number;
  cdf(x: number): number;
  /** the distribution as a scenario spec, e.g. "lognormal(median=21.6h, p90=9.8d)" */
  spec: string;
}

/** A family that can be fitted by maximum likelihood. */
export interface FitFamily {
  readonly name: string;
  /** Fits `xs` (all > 0, minutes). */
  fit(xs: Float64Array, stats: SampleStats): FittedDistribution;
}

/**
 * A duration in minutes as a spec value with a unit: "35.5m" below 2 hours, else hours
 * ("21.63h"); 4 significant digits.
 */
export function specDuration(minutes: number): string {
  const sig = (v: number) => String(Number(v.toPrecision(4)));
  return minutes < 120 ? `${sig(minutes)}m` : `${sig(minutes / 60)}h`;
}

/** A dimensionless parameter in a spec: 4 significant digits. */
export function specNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}
