import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('least-loaded', () => {
  it('gives each ticket to the engineer with the fewest open incidents (ties: roster order)', () => {
    expect(trace('least-loaded', [{ capacity: 3 }, { capacity: 3 }], [
      { open: 'a' }, { open: 'b' }, { open: 'c' }, { resolve: 'b' }, { open: 'd' }, { open: 'e' },
    ])).toEqual(['a→e1', 'b→e2', 'c→e1', 'd→e2', 'e→e2']);
  });

  it('measures load in effort hours when asked', () => {
    expect(trace('least-loaded', [{ capacity: 9 }, { capacity: 9 }], [
      { open: 'big', effortHours: 8 }, { open: 's1', effortHours: 1 }, { open: 's2', effortHours: 1 }, { open: 's3', effortHours: 1 },
    ], { options: { unit: 'effort' } })).toEqual(['big→e1', 's1→e2', 's2→e2', 's3→e2']);
  });

  it('measures severity-weighted load when asked', () => {
    expect(trace('least-loaded', [{ capacity: 9 }, { capacity: 9 }], [
      { open: 'p1', priority: 'P1' }, { open: 'a' }, { open: 'b' }, { open: 'c' }, { open: 'd' },
    ], { options: { unit: 'severity' }, roster: { priorityWeights: { P1: 4, P3: 1 } } })).toEqual(['p1→e1', 'a→e2', 'b→e2', 'c→e2', 'd→e2']);
  });
});
