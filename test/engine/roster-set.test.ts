/** The engine's set of roster indices (src/engine/roster-set.ts) against a plain Set. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RosterSet } from '../../src/engine/roster-set.js';

describe('RosterSet', () => {
  it('adds, deletes and finds the smallest member like a sorted Set, across word and summary boundaries', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })), { maxLength: 400 }), (n, ops) => {
      const s = new RosterSet(n);
      const ref = new Set<number>();
      for (const [add, u] of ops) {
        const i = Math.floor(u * n);
        if (add) { s.add(i); ref.add(i); } else { s.delete(i); ref.delete(i); }
        expect(s.size).toBe(ref.size);
        expect(s.has(i)).toBe(ref.has(i));
        expect(s.first()).toBe(ref.size === 0 ? -1 : Math.min(...ref));
      }
    }));
  });
});
