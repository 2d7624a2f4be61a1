/**
 * pull: engineers take work themselves. Whoever has had spare capacity longest takes the next
 * incident (the engine serves queues in their discipline's order as capacity frees, so a freed
 * engineer takes the head of their team queue). Ties: roster order. No options.
 */
import { onlyKeys } from './options.js';
import type { RoutingFactory } from './types.js';

export const pull: RoutingFactory = (options, path) => {
  onlyKeys(options, [], path, 'pull');
  return {
    name: 'pull',
    choose(candidates, ctx) {
      let best = candidates[0];
      for (const e of candidates) if (e.freeSince < best.freeSince) best = e;
      const since = best.freeSince === -Infinity ? 'the start' : String(best.freeSince);
      return { engineer: best, reason: ctx.explain !== false ? `pulled it (free since ${since})` : '' };
    },
  };
};
