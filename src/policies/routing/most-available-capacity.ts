/**
 * most-available-capacity: the candidate with the most spare capacity (capacity − load, in the
 * roster's unit), as ITSM suites' capacity-aware assignment does. Ties: lower load ÷ capacity,
 * then roster order. No options.
 */
import { onlyKeys } from './options.js';
import type { EngineerView, RoutingFactory } from './types.js';

const spare = (e: EngineerView): number => e.capacity - e.load;
const ratio = (e: EngineerView): number => (e.capacity > 0 ? e.load / e.capacity : Infinity);

export const mostAvailableCapacity: RoutingFactory = (options, path) => {
  onlyKeys(options, [], path, 'most-available-capacity');
  return {
    name: 'most-available-capacity',
    choose(candidates, ctx) {
      let best = candidates[0];
      for (const e of candidates) {
        if (spare(e) > spare(best) || (spare(e) === spare(best) && ratio(e) < ratio(best))) best = e;
      }
      return { engineer: best, reason: ctx.explain !== false ? `most spare capacity (${Math.round(spare(best) * 100) / 100} of ${best.capacity})` : '' };
    },
  };
};
