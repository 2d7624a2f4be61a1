/**
 * round-robin: members take turns in roster order. The next pick is the first candidate after the
 * last engineer assigned in the team (wrapping around); absent or full members are skipped.
 * No options.
 */
import { onlyKeys } from './options.js';
import type { RoutingFactory } from './types.js';

export const roundRobin: RoutingFactory = (options, path) => {
  onlyKeys(options, [], path, 'round-robin');
  let last = -1;
  return {
    name: 'round-robin',
    choose(candidates) {
      const next = candidates.find((e) => e.index > last) ?? candidates[0];
      return { engineer: next, reason: 'next in turn' };
    },
    assigned(engineer) {
      last = engineer.index;
    },
    save: () => ({ last }),
    load(state) {
      const l = (state as { last?: unknown }).last;
      if (typeof l !== 'number' || !Number.isInteger(l)) throw new Error(`round-robin state: last ${JSON.stringify(l)} is not a roster index`);
      last = l;
    },
  };
};
