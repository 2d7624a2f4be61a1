import { describe, expect, it } from 'vitest';
import { timelineOf } from '../../src/fit/timeline.js';
import { caseIncident } from '../../src/io/import/profiles/eventlog.js';

const H = 3_600_000;
const t0 = Date.UTC(2026, 0, 5, 8); // Monday 08:00

describe('per-incident timelines', () => {
  it('cuts the life into queued, held (active), pending stretches with their assignee and group, up to the last resolution', () => {
    const inc = caseIncident('A', [
      { at: t0, phase: 'queued', group: 'desk' },
      { at: t0 + 1 * H, phase: 'active', assignee: 'ann', group: 'desk' },
      { at: t0 + 2 * H, phase: 'pending' },
      { at: t0 + 4 * H, phase: 'active', assignee: 'bob', group: 'l2' },
      { at: t0 + 5 * H, phase: 'resolved' },
      { at: t0 + 6 * H, phase: 'active' }, // reopened
      { at: t0 + 7 * H, phase: 'resolved' },
      { at: t0 + 30 * H, phase: 'closed' },
    ], {});
    expect(inc).toMatchObject({ openedAt: t0, resolvedAt: t0 + 7 * H, closedAt: t0 + 30 * H, group: 'l2', assignee: 'bob', reassignments: 1, reopens: 1, firstAssignedAt: t0 + H, acknowledgedAt: t0 + H });
    const tl = timelineOf(inc)!;
    expect(tl.segments.map((s) => [s.phase, (s.from - t0) / H, (s.to - t0) / H, s.assignee, s.group])).toEqual([
      ['queued', 0, 1, undefined, 'desk'],
      ['active', 1, 2, 'ann', 'desk'],
      ['pending', 2, 4, 'ann', 'desk'],
      ['active', 4, 5, 'bob', 'l2'],
      ['active', 6, 7, 'bob', 'l2'],
    ]);
    expect(tl.groups).toEqual(['desk', 'l2']);
    expect(tl.reopens).toBe(1);
    expect(tl.queuedBeforeFirst).toBe(H);
    expect(tl.totals).toEqual({ queued: H, active: 3 * H, pending: 2 * H });
  });

  it('an incident resolved straight from the queue was queued its whole life', () => {
    const tl = timelineOf(caseIncident('B', [{ at: t0, phase: 'queued', group: 'desk' }, { at: t0 + 3 * H, phase: 'resolved' }], {}))!;
    expect(tl.totals).toEqual({ queued: 3 * H, active: 0, pending: 0 });
    expect(tl.queuedBeforeFirst).toBe(3 * H);
  });

  it('one-row imports have no timeline', () => {
    expect(timelineOf({ id: 'C', openedAt: t0 })).toBeUndefined();
  });
});
