import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('severity-aware', () => {
  const team = [{ capacity: 3, skills: { app: 2 } }, { capacity: 3, skills: { app: 5 } }, { capacity: 3, skills: { app: 3 } }];
  it('sends P1/P2 to the most proficient and balances the rest, sparing experts', () => {
    expect(trace('severity-aware', team, [
      { open: 'p1', priority: 'P1' }, { open: 'a' }, { open: 'b' }, { open: 'p2', priority: 'P2' }, { open: 'c' },
    ])).toEqual(['p1→e2', 'a→e1', 'b→e3', 'p2→e2', 'c→e1']);
  });

  it('treats the configured priorities as high', () => {
    expect(trace('severity-aware', team, [{ open: 'x', priority: 'P3' }], { options: { high: ['P3'] } })).toEqual(['x→e2']);
    expect(() => trace('severity-aware', team, [], { options: { high: [] } })).toThrow('teams[0].routing.options.high: [] is not a non-empty list of strings');
  });
});
