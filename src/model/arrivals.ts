import { DateTime } from 'luxon';
import type { Random } from '../kernel/rng.js';
import { UserError } from '../errors.js';
import type { ArrivalClassConfig } from '../scenario/schema.js';
import type { HourTable } from './hourly.js';
import { checkDateOrInstant } from '../time/parse.js';
import { standardGamma } from '../kernel/distributions/gamma.js';

/**
 * A non-homogeneous Poisson arrival process: rate(t) = base × profile(hour of week) × peak(t),
 * piecewise constant per simulated hour. Arrival times are generated exactly by thinning
 * (Lewis–Shedler): candidates at the maximum rate, each kept with probability rate(t) ÷ max.
 */
export class ArrivalProcess {
  /** rate multiplier for each simulated hour (profile × peaks) */
  readonly factor: Float64Array;
  readonly maxFactor: number;

  constructor(
    /** mean arrivals per minute before profile and peaks */
    readonly basePerMinute: number,
    /** 168 weights with mean 1 (Monday 00:00 first) */
    readonly profile: Float64Array,
    hours: HourTable,
    peaks: { from: number; to: number; factor: number }[],
  ) {
    this.factor = new Float64Array(hours.hours);
    let max = 0;
    for (let h = 0; h < hours.hours; h++) {
      let f = profile[hours.hourOfWeek[h]];
      const mid = h * 60 + 30;
      for (const p of peaks) if (mid >= p.from && mid < p.to) f *= p.factor;
      this.factor[h] = f;
      if (f > max) max = f;
    }
    this.maxFactor = max;
  }

  /** Arrival rate per minute at simulated minute t. */
  rateAt(t: number): number {
    const h = Math.floor(t / 60);
    return this.basePerMinute * this.factor[Math.min(h, this.factor.length - 1)];
  }

  /**
   * The first arrival strictly after `t`, or Infinity if none before `horizon`. Draws from
   * `random` only; the sequence of arrival times for a seed is independent of anything else.
   * With `weekly`, the rate is also multiplied by the week's factor (thinning at their maximum).
   */
  next(t: number, horizon: number, random: Random, weekly?: WeeklyFactors): number {
    const lambdaMax = this.basePerMinute * this.maxFactor * (weekly?.max ?? 1);
    if (!(lambdaMax > 0)) return Infinity;
    for (;;) {
      t += -Math.log(1 - random()) / lambdaMax;
      if (t >= horizon) return Infinity;
      const rate = weekly ? this.rateAt(t) * weekly.factor[Math.min(weekly.factor.length - 1, Math.floor(t / 10_080))] : this.rateAt(t);
      if (random() * lambdaMax < rate) return t;
    }
  }

  /** Expected arrivals in [from, to) (integral of the rate). */
  expected(from: number, to: number): number {
    let sum = 0;
    for (let h = Math.floor(from / 60); h * 60 < to && h < this.factor.length; h++) {
      const a = Math.max(from, h * 60);
      const b = Math.min(to, (h + 1) * 60);
      if (b > a) sum += (b - a) * this.basePerMinute * this.factor[h];
    }
    return sum;
  }
}

/** One replication's week-to-week rate factors (scenario `weeklyVariation`): factor[w] for week w from the start, and their maximum. */
export interface WeeklyFactors {
  factor: Float64Array;
  max: number;
}

/** Draws a replication's weekly factors: Gamma(shape, 1/shape) per week of the horizon. */
export function weeklyFactors(shape: number, horizon: number, random: Random): WeeklyFactors {
  const factor = new Float64Array(Math.max(1, Math.ceil(horizon / 10_080)));
  let max = 0;
  for (let w = 0; w < factor.length; w++) {
    factor[w] = standardGamma(shape, random) / shape;
    if (factor[w] > max) max = factor[w];
  }
  return { factor, max };
}

/** Mean arrivals per minute from a class's `rate` block. */
export function baseRatePerMinute(rate: ArrivalClassConfig['rate'], path: string): number {
  const given = (['perHour', 'perDay', 'perWeek'] as const).filter((k) => rate[k] !== undefined);
  if (given.length !== 1) {
    throw new UserError(`${path}.rate: give exactly one of perHour, perDay, perWeek (got ${given.length === 0 ? 'none' : given.join(', ')})`);
  }
  const k = given[0];
  const v = rate[k]!;
  return k === 'perHour' ? v / 60 : k === 'perDay' ? v / 1440 : v / 10080;
}

/** 168 hour-of-week weights with mean 1, from a class's `profile` (default flat). */
export function profileWeights(profile: ArrivalClassConfig['profile'], path: string): Float64Array {
  const w = new Float64Array(168);
  if (profile === undefined || profile === 'flat') w.fill(1);
  else if (profile === 'business') {
    for (let h = 0; h < 168; h++) {
      const day = Math.floor(h / 24);
      const hour = h % 24;
      w[h] = day < 5 && hour >= 8 && hour < 18 ? 1 : 0.25;
    }
  } else if (Array.isArray(profile)) {
    for (let h = 0; h < 168; h++) w[h] = profile[h];
  } else {
    const daily = profile.daily ?? new Array(24).fill(1);
    const weekly = profile.weekly ?? new Array(7).fill(1);
    for (let h = 0; h < 168; h++) w[h] = daily[h % 24] * weekly[Math.floor(h / 24)];
  }
  let sum = 0;
  for (let h = 0; h < 168; h++) sum += w[h];
  if (!(sum > 0)) throw new UserError(`${path}.profile: the weights sum to 0; expected at least one positive hour`);
  for (let h = 0; h < 168; h++) w[h] = (w[h] * 168) / sum;
  return w;
}

/**
 * Minutes since `startIso` of an ISO instant or a date (a date means local midnight in
 * `timezone`). Throws a UserError naming `path` when it does not parse.
 */
export function instantToMinutes(value: string, startIso: string, timezone: string, path: string): number {
  checkDateOrInstant(value, path);
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone: timezone })
    : DateTime.fromISO(value, { zone: timezone, setZone: false });
  if (!dt.isValid) throw new UserError(`${path}: "${value}" is not a date or instant; expected YYYY-MM-DD or an ISO-8601 instant`);
  const start = DateTime.fromISO(startIso, { setZone: true });
  return dt.diff(start, 'minutes').minutes;
}
