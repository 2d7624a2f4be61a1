import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('fairness-rotation', () => {
  it('spreads P1/P2 by recent count even when one engineer is less loaded', () => {
    // e1 stays at lower load (its work resolves) but has had the P1s; e2 gets the next one.
    expect(trace('fairness-rotation', [{ capacity: 5 }, { capacity: 5 }], [
      { open: 'x' }, { open: 'y' }, { open: 'z' },
      { open: 'h1', priority: 'P1' }, { resolve: 'h1' }, { open: 'h2', priority: 'P1' },
    ], { options: { cap: 1 } })).toEqual(['x→e1', 'y→e2', 'z→e1', 'h1→e2', 'h2→e1']);
  });

  it('forgets assignments older than the window', () => {
    expect(trace('fairness-rotation', [{ capacity: 5 }, { capacity: 5 }], [
      { open: 'h1', priority: 'P1', at: 0 }, { resolve: 'h1', at: 1 }, { open: 'b', at: 2 }, { open: 'h2', priority: 'P2', at: 100 },
    ], { options: { window: 60 } })).toEqual(['h1→e1', 'b→e1', 'h2→e2']);
    expect(trace('fairness-rotation', [{ capacity: 5 }, { capacity: 5 }], [
      { open: 'h1', priority: 'P1', at: 0 }, { resolve: 'h1', at: 1 }, { open: 'b', at: 2 }, { open: 'h2', priority: 'P2', at: 50 },
    ], { options: { window: 60 } })).toEqual(['h1→e1', 'b→e1', 'h2→e2']);
  });

  it('caps high-severity work per window: nobody gets a third P1 while someone has fewer', () => {
    const out = trace('fairness-rotation', Array.from({ length: 3 }, () => ({ capacity: 10 })), Array.from({ length: 9 }, (_, k) => ({ open: `h${k}`, priority: 'P1' })), { options: { cap: 2 } });
    const counts = new Map<string, number>();
    for (const s of out) counts.set(s.split('→')[1], (counts.get(s.split('→')[1]) ?? 0) + 1);
    expect([...counts.entries()]).toEqual([['e1', 3], ['e2', 3], ['e3', 3]]);
  });

  it('validates options', () => {
    expect(() => trace('fairness-rotation', [{}], [], { options: { cap: 0 } })).toThrow('teams[0].routing.options.cap: 0 is not a number ≥ 1');
  });
});
