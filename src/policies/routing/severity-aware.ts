/**
 * severity-aware: high-severity tickets go to the most proficient candidate (ties: least load);
 * the rest are balanced to the least loaded candidate, sparing the experts' headroom.
 * Options: `high` — priorities treated as high severity (default ["P1", "P2"]).
 */
import { onlyKeys, stringListOption } from './options.js';
import { proficiency } from './proficiency.js';
import type { EngineerView, RoutingFactory } from './types.js';

export const severityAware: RoutingFactory = (options, path) => {
  onlyKeys(options, ['high'], path, 'severity-aware');
  const high = new Set(stringListOption(options, 'high', ['P1', 'P2'], path));
  return {
    name: 'severity-aware',
    choose(candidates, ctx) {
      let best: EngineerView = candidates[0];
      if (high.has(ctx.ticket.priority)) {
        let bestP = proficiency(best, ctx.ticket);
        for (const e of candidates) {
          const p = proficiency(e, ctx.ticket);
          if (p > bestP || (p === bestP && e.load < best.load)) {
            best = e;
            bestP = p;
          }
        }
        return { engineer: best, reason: ctx.explain !== false ? `${ctx.ticket.priority} is high severity: most proficient (${bestP})` : '' };
      }
      // Balance: least load; among equals, the least proficient, keeping experts free.
      for (const e of candidates) {
        if (e.load < best.load || (e.load === best.load && proficiency(e, ctx.ticket) < proficiency(best, ctx.ticket))) best = e;
      }
      return { engineer: best, reason: ctx.explain !== false ? `${ctx.ticket.priority} is not high severity: least loaded (${Math.round(best.load * 100) / 100})` : '' };
    },
  };
};
