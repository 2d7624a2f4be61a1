import { describe, expect, it } from 'vitest';
import { trace, opens } from './trace.js';

describe('round-robin', () => {
  it('takes turns in roster order, wrapping around', () => {
    expect(trace('round-robin', [{ capacity: 5 }, { capacity: 5 }, { capacity: 5 }], opens(5))).toEqual(['i1→e1', 'i2→e2', 'i3→e3', 'i4→e1', 'i5→e2']);
  });

  it('skips whoever is absent or full and continues after the last one served', () => {
    expect(trace('round-robin', [{ capacity: 1 }, { capacity: 5 }, { capacity: 5 }], [
      { open: 'a' }, { open: 'b' }, { presence: ['e3', 'off'] }, { open: 'c' }, { open: 'd' }, { resolve: 'a' }, { open: 'e' },
    ])).toEqual(['a→e1', 'b→e2', 'c→e2', 'd→e2', 'e→e1']);
  });

  it('spreads evenly: with n engineers and k·n tickets each gets k', () => {
    const out = trace('round-robin', Array.from({ length: 4 }, () => ({ capacity: 100 })), opens(40));
    const counts = new Map<string, number>();
    for (const s of out) counts.set(s.split('→')[1], (counts.get(s.split('→')[1]) ?? 0) + 1);
    expect([...counts.values()]).toEqual([10, 10, 10, 10]);
  });

  it('rejects options', () => {
    expect(() => trace('round-robin', [{}], [], { options: { x: 1 } })).toThrow('teams[0].routing.options.x: unknown option of routing policy "round-robin"; expected no options');
  });
});
