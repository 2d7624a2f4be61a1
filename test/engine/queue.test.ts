/** The team queue (src/engine/queue.ts) against a plain sorted array, under random inserts and removals. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceQueue } from '../../src/engine/queue.js';

interface Item { key: number; seq: number }
const before = (a: Item, b: Item) => (a.key !== b.key ? a.key < b.key : a.seq < b.seq);

describe.each([2, 3, 8, 128])('ServiceQueue (blocks of at most %i)', (blockSize) => {
  it('keeps service order, finds and removes exactly like a sorted array', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), key: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
      fc.record({ kind: fc.constant('first' as const) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const q = new ServiceQueue<Item>(before, blockSize);
      const ref: Item[] = [];
      let seq = 0;
      for (const o of ops) {
        if (o.kind === 'insert') {
          const x = { key: o.key, seq: seq++ };
          const k = q.insert(x);
          const r = ref.findIndex((y) => before(x, y));
          const pos = r < 0 ? ref.length : r;
          ref.splice(pos, 0, x);
          expect(k).toBe(pos);
        } else if (ref.length > 0) {
          const k = o.kind === 'first' ? 0 : Math.floor(o.at * ref.length);
          const x = ref[k];
          expect(q.indexOf(x)).toBe(k);
          q.removeAt(k);
          ref.splice(k, 1);
          expect(q.indexOf(x)).toBe(-1);
        }
        expect(q.length).toBe(ref.length);
        expect(q.toArray()).toEqual(ref);
      }
      for (let i = 0; i < ref.length; i++) expect(q.at(i)).toBe(ref[i]);
    }));
  });
});

describe.each([2, 5, 128])('PriorityQueues (blocks of at most %i)', (blockSize) => {
  it('is the same sorted queue as one ServiceQueue over (priority, key, seq), per-priority inside', async () => {
    const { PriorityQueues } = await import('../../src/engine/queue.js');
    interface P { prio: string; key: number; seq: number }
    const order = (a: P, b: P) => (a.prio !== b.prio ? a.prio < b.prio : a.key !== b.key ? a.key < b.key : a.seq < b.seq);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), prio: fc.constantFrom('P1', 'P2', 'P3', 'P4'), key: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const q = new PriorityQueues<P>((x) => x.prio, order, blockSize);
      const ref = new ServiceQueue<P>(order, 1 << 30);
      let seq = 0;
      for (const o of ops) {
        if (o.kind === 'insert') {
          const x = { prio: o.prio, key: o.key, seq: seq++ };
          expect(q.insert(x)).toBe(ref.insert(x));
        } else if (ref.length > 0) {
          const k = Math.floor(o.at * ref.length);
          const x = ref.at(k);
          expect(q.indexOf(x)).toBe(k);
          expect(q.at(k)).toBe(x);
          q.removeAt(k);
          ref.removeAt(k);
          expect(q.indexOf(x)).toBe(-1);
        }
        expect(q.length).toBe(ref.length);
        expect(q.toArray()).toEqual(ref.toArray());
      }
    }));
  });
});
