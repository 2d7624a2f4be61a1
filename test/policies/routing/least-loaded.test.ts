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

describe('least-loaded with the engine\'s by-count index', () => {
  it('takes the engine\'s fewest-incidents answer when load is a count, and scans otherwise', async () => {
    const { leastLoaded } = await import('../../../src/policies/routing/least-loaded.js');
    const view = (id: string, index: number, count: number) => ({ id, index, skills: new Map(), capacity: 3, load: count, count, effort: count, severity: count, lastAssignedAt: -Infinity, freeSince: -Infinity });
    const a = view('a', 0, 1);
    const b = view('b', 1, 0);
    const ticket = { id: 'T', priority: 'P3', team: 't', effortHours: 1, openedAt: 0 };
    const base = { ticket, now: 0, random: () => 0, weight: () => 1, explain: true };
    const p = leastLoaded({}, 'routing');
    // the index and the scan agree here (b holds none); the index's answer is what is returned
    expect(p.choose([a, b], { ...base, loadUnit: 'count', fewestIncidents: () => b }).engineer).toBe(b);
    expect(p.choose([a, b], { ...base, loadUnit: 'count' }).engineer).toBe(b);
    // not a count (effort unit): the index is not consulted
    expect(p.choose([a, b], { ...base, loadUnit: 'effort', fewestIncidents: () => a }).engineer).toBe(b);
    // a filtered candidate list: the engine offers nothing, the policy scans
    expect(p.choose([a], { ...base, loadUnit: 'count', fewestIncidents: () => undefined }).engineer).toBe(a);
  });
});
