/**
 * least-loaded: the candidate with the smallest current load (real-time queue depth per person).
 * Options: `unit` — 'count' | 'effort' | 'severity' (default: the roster's load unit).
 * Ties go to the lowest roster index. When load is a count of incidents, the engine's by-count
 * index gives the answer in O(1) instead of a scan of the team.
 */
import { enumOption, onlyKeys } from './options.js';
import type { Choice, EngineerView, RoutingContext, RoutingFactory } from './types.js';

const UNITS = ['roster', 'count', 'effort', 'severity'] as const;

export const leastLoaded: RoutingFactory = (options, path) => {
  onlyKeys(options, ['unit'], path, 'least-loaded');
  const unit = enumOption(options, 'unit', UNITS, 'roster', path);
  const load: (e: EngineerView) => number =
    unit === 'roster' ? (e) => e.load : unit === 'count' ? (e) => e.count : unit === 'effort' ? (e) => e.effort : (e) => e.severity;
  // the choice of an unexplained decision, reused (the engine reads it at once; see Choice)
  let quiet: { engineer: EngineerView; reason: string } | undefined;
  /** Counting incidents: the engine's index answers without a scan (same pick: fewest, lowest index). */
  const indexed = (ctx: RoutingContext): Choice | undefined => {
    if (!(unit === 'count' || (unit === 'roster' && ctx.loadUnit === 'count'))) return undefined;
    const f = ctx.fewestIncidents?.();
    if (f === undefined) return undefined;
    if (ctx.explain !== false) return { engineer: f, reason: `least loaded (${unit === 'roster' ? 'load' : unit} ${round(load(f))})` };
    if (quiet === undefined) quiet = { engineer: f, reason: '' };
    quiet.engineer = f;
    return quiet;
  };
  return {
    name: 'least-loaded',
    chooseIndexed: indexed,
    choose(candidates, ctx) {
      const c = indexed(ctx);
      if (c !== undefined) return c;
      let best = candidates[0];
      let least = load(best);
      // Loads are never negative: the first idle candidate is the answer (ties go to the lowest index).
      for (let i = 1; i < candidates.length && least > 0; i++) {
        const l = load(candidates[i]);
        if (l < least) {
          best = candidates[i];
          least = l;
        }
      }
      return { engineer: best, reason: ctx.explain !== false ? `least loaded (${unit === 'roster' ? 'load' : unit} ${round(least)})` : '' };
    },
  };
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
