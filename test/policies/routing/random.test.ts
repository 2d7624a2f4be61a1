import { describe, expect, it } from 'vitest';
import { AssignmentEngine } from '../../../src/engine/engine.js';
import { createStream } from '../../../src/kernel/rng.js';
import { oneTeam, scripted, ticket } from '../../engine/roster.js';
import { trace, opens } from './trace.js';

describe('random', () => {
  it('draws the candidate at floor(u·n) from the injected stream', () => {
    expect(trace('random', [{ capacity: 9 }, { capacity: 9 }, { capacity: 9 }], opens(4), { random: scripted([0.0, 0.99, 0.5, 0.34]) }))
      .toEqual(['i1→e1', 'i2→e3', 'i3→e2', 'i4→e2']);
  });

  it('is uniform: 3000 draws over 3 engineers stay within a 99.9% chi-square bound', () => {
    const eng = new AssignmentEngine(oneTeam([{ capacity: 1e9 }, { capacity: 1e9 }, { capacity: 1e9 }], { routing: { policy: 'random' } }), { random: createStream(7) });
    const counts: Record<string, number> = { e1: 0, e2: 0, e3: 0 };
    for (let k = 0; k < 3000; k++) counts[eng.decide(ticket(), 0).engineerId!]++;
    const chi2 = Object.values(counts).reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(13.82); // χ²(2) 0.999 quantile
  });
});
