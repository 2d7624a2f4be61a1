import type { FitResult, FittedClass } from './history.js';
import { medianOf } from './families/gamma.js';
import { empiricalQuantiles, quantilesCdf } from './select.js';

/**
 * How a scenario states work times: 'empirical' (default) the class's percentiles, interpolated;
 * 'fitted' the chosen parametric fit.
 */
export type WorkMode = 'empirical' | 'fitted';

/** What the fitted scenario implies per priority, beside what was observed. */
export interface PriorityCheck {
  priority: string;
  /** resolved incidents of the window */
  observedN: number;
  /** observed median opened → resolved, minutes */
  observed: number;
  /**
   * median of the scenario's time to resolve for this priority when nothing waits: the mixture
   * of its classes' work distributions weighted by their rates of resolved arrivals
   */
  model: number;
  /** model ÷ observed − 1 */
  error: number;
}

/**
 * Checks a fit against its own data without simulating: the expected arrivals per week (the sum
 * of the class rates) and, per priority, the median of the mixture of class work-time
 * distributions as the scenario states them (`work`) — what the scenario reproduces when its
 * teams add no queueing (they are sized so).
 */
export function checkFit(fit: FitResult, work: WorkMode = 'empirical'): { perWeek: { observed: number; model: number }; byPriority: PriorityCheck[] } {
  const byPriority: PriorityCheck[] = [];
  for (const [p, f] of Object.entries(fit.workByPriority).sort()) {
    const model = mixtureMedian(fit.classes.filter((c) => c.priority === p), f.empirical.median, work);
    if (model === undefined) continue;
    byPriority.push({ priority: p, observedN: f.n, observed: f.empirical.median, model, error: model / f.empirical.median - 1 });
  }
  return { perWeek: { observed: fit.perWeek, model: fit.classes.reduce((s, c) => s + c.perWeek, 0) }, byPriority };
}

/**
 * Median of the mixture of the classes' chosen work distributions, weighted by their rates of
 * resolved arrivals (those closed without resolution are closed without work and left out);
 * undefined when no class has weight. `scale` is a starting point for the search (minutes).
 */
export function mixtureMedian(classes: readonly FittedClass[], scale: number, work: WorkMode): number | undefined {
  const weight = (c: FittedClass) => c.perWeek * (1 - (c.closedUnresolved?.share ?? 0));
  const total = classes.reduce((s, c) => s + weight(c), 0);
  if (total === 0) return undefined;
  const cdfs = new Map<FittedClass['work'], (x: number) => number>();
  for (const c of classes) if (!cdfs.has(c.work)) cdfs.set(c.work, work === 'empirical' ? quantilesCdf(empiricalQuantiles(c.work)) : c.work.chosen.fitted.cdf);
  const cdf = (x: number) => classes.reduce((s, c) => s + (weight(c) / total) * cdfs.get(c.work)!(x), 0);
  return medianOf(cdf, scale > 0 ? scale : 1);
}
