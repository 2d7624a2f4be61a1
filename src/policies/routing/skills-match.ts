/**
 * skills-match: among candidates (who all hold the required skills), the highest proficiency in
 * those skills (sum of 1–5 levels), then the least load, then roster order. No options.
 */
import { onlyKeys } from './options.js';
import { proficiency } from './proficiency.js';
import type { RoutingFactory } from './types.js';

export const skillsMatch: RoutingFactory = (options, path) => {
  onlyKeys(options, [], path, 'skills-match');
  return {
    name: 'skills-match',
    choose(candidates, ctx) {
      let best = candidates[0];
      let bestP = proficiency(best, ctx.ticket);
      for (const e of candidates) {
        const p = proficiency(e, ctx.ticket);
        if (p > bestP || (p === bestP && e.load < best.load)) {
          best = e;
          bestP = p;
        }
      }
      return { engineer: best, reason: ctx.explain !== false ? `best skills match (proficiency ${bestP}, load ${Math.round(best.load * 100) / 100})` : '' };
    },
  };
};
