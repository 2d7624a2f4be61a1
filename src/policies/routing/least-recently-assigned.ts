/**
 * least-recently-assigned: the candidate whose last assignment is oldest (never assigned first).
 * Ties: roster order. No options.
 */
import { onlyKeys } from './options.js';
import type { RoutingFactory } from './types.js';

export const leastRecentlyAssigned: RoutingFactory = (options, path) => {
  onlyKeys(options, [], path, 'least-recently-assigned');
  return {
    name: 'least-recently-assigned',
    choose(candidates, ctx) {
      let best = candidates[0];
      for (const e of candidates) if (e.lastAssignedAt < best.lastAssignedAt) best = e;
      const when = best.lastAssignedAt === -Infinity ? 'never assigned' : `last assigned at ${best.lastAssignedAt}`;
      return { engineer: best, reason: ctx.explain !== false ? `least recently assigned (${when})` : '' };
    },
  };
};
