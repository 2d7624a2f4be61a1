/** The engine's set of roster indices (src/engine/roster-set.ts) against a plain Set. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RosterSet } from '../../src/engine/roster-set.js';

describe('RosterSet', () => {
  it('adds, deletes, finds the smallest member and walks in order like a sorted Set, across word and summary boundaries', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }), fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })), { maxLength: 400 }), (n, ops) => {
      const s = new RosterSet(n);
      const ref = new Set<number>();
      for (const [add, u] of ops) {
        const i = Math.floor(u * n);
        if (add) { s.add(i); ref.add(i); } else { s.delete(i); ref.delete(i); }
        expect(s.size).toBe(ref.size);
        expect(s.has(i)).toBe(ref.has(i));
        expect(s.first()).toBe(ref.size === 0 ? -1 : Math.min(...ref));
        const from = Math.floor(u * n * 0.7);
        const above = [...ref].filter((x) => x >= from);
        expect(s.next(from)).toBe(above.length === 0 ? -1 : Math.min(...above));
      }
      const walked: number[] = [];
      for (let i = s.first(); i >= 0; i = s.next(i + 1)) walked.push(i);
      expect(walked).toEqual([...ref].sort((a, b) => a - b));
      s.clear();
      expect([s.size, s.first(), s.next(0)]).toEqual([0, -1, -1]);
    }));
  });
});
