/**
 * random: a uniformly random candidate, drawn from the engine's injected stream (seeded, hence
 * reproducible). No options.
 */
import { onlyKeys } from './options.js';
import type { RoutingFactory } from './types.js';

export const random: RoutingFactory = (options, path) => {
  onlyKeys(options, [], path, 'random');
  return {
    name: 'random',
    choose(candidates, ctx) {
      const k = Math.min(candidates.length - 1, Math.floor(ctx.random() * candidates.length));
      return { engineer: candidates[k], reason: ctx.explain !== false ? `drawn at random from ${candidates.length}` : '' };
    },
  };
};
