/**
 * fairness-rotation: spreads high-severity work so no one is chronically handed it. For a high
 * ticket, candidates with fewer than `cap` high assignments in the last `window` minutes come
 * first; among them the fewest such assignments, then the least load, then roster order. When
 * every candidate is at the cap the one with the fewest still gets it (the reason says so). Other
 * tickets go to the least loaded.
 * Options: `priorities` (default ["P1", "P2"]), `cap` (default 2), `window` minutes (default 1440).
 */
import { numberOption, onlyKeys, stringListOption } from './options.js';
import type { RoutingFactory } from './types.js';

export const fairnessRotation: RoutingFactory = (options, path) => {
  onlyKeys(options, ['priorities', 'cap', 'window'], path, 'fairness-rotation');
  const high = new Set(stringListOption(options, 'priorities', ['P1', 'P2'], path));
  const cap = numberOption(options, 'cap', 2, 1, path);
  const window = numberOption(options, 'window', 1440, 1, path);
  /** engineer id → times of their high-severity assignments (ascending) */
  const history = new Map<string, number[]>();
  const recent = (id: string, now: number): number => {
    const h = history.get(id);
    if (!h) return 0;
    while (h.length > 0 && h[0] <= now - window) h.shift();
    return h.length;
  };
  return {
    name: 'fairness-rotation',
    choose(candidates, ctx) {
      let best = candidates[0];
      if (!high.has(ctx.ticket.priority)) {
        for (const e of candidates) if (e.load < best.load) best = e;
        return { engineer: best, reason: ctx.explain !== false ? `least loaded (${Math.round(best.load * 100) / 100})` : '' };
      }
      let bestN = recent(best.id, ctx.now);
      for (const e of candidates) {
        const n = recent(e.id, ctx.now);
        if (n < bestN || (n === bestN && e.load < best.load)) {
          best = e;
          bestN = n;
        }
      }
      const capNote = bestN >= cap ? `; everyone eligible is at the cap of ${cap}` : '';
      return { engineer: best, reason: ctx.explain !== false ? `fewest ${[...high].join('/')} in the last ${window} min (${bestN})${capNote}` : '' };
    },
    assigned(engineer, ticket, now) {
      if (!high.has(ticket.priority)) return;
      const h = history.get(engineer.id) ?? [];
      h.push(now);
      history.set(engineer.id, h);
    },
    save: () => ({ history: [...history].map(([id, times]) => [id, [...times]]) }),
    load(state) {
      const h = (state as { history?: unknown }).history;
      if (!Array.isArray(h)) throw new Error('fairness-rotation state: history is not a list');
      history.clear();
      for (const [id, times] of h as [string, number[]][]) history.set(id, [...times]);
    },
  };
};
