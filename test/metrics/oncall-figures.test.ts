/** Figures of issue 20, exactly: burnout flags per engineer-week, backlog aging buckets, the day SLA attainment recovers. */
import { describe, expect, it } from 'vitest';
import { AgingAccumulator, agingLabels } from '../../src/metrics/aging.js';
import { burnoutFlags, exceeded, weekCounts } from '../../src/metrics/burnout.js';
import { recoveryDay } from '../../src/metrics/timeline.js';

describe('burnout flags', () => {
  const w = (business: number[], off: number[], sleep: number[]) => ({ business, off, sleep });

  it('count interruptions, off-hours (evening + sleep) and sleep per week, flagged strictly above a threshold', () => {
    expect(weekCounts(w([5, 1], [2, 0], [3, 0]), 0)).toEqual({ interruptions: 10, offHours: 5, sleep: 3 });
    expect(exceeded({ interruptions: 10, offHours: 5, sleep: 3 }, { interruptions: 10, offHours: 4, sleep: 3 })).toEqual(['offHours']);
    expect(exceeded({ interruptions: 10, offHours: 5, sleep: 3 }, {})).toEqual([]);
  });

  it('list each engineer-week flagged in any replication, with the share of replications and mean counts', () => {
    const engineers = [{ id: 'ann', team: 'ops' }, { id: 'bob', team: 'ops' }];
    // two replications, two weeks; thresholds: sleep > 2
    const reps = [
      [w([1, 1], [0, 0], [3, 0]), w([0, 0], [0, 0], [0, 5])],
      [w([1, 1], [0, 0], [1, 0]), w([0, 0], [0, 0], [0, 4])],
    ];
    const s = burnoutFlags(engineers, reps, { sleep: 2 }, 1440);
    expect(s.weeks).toBe(2);
    expect(s.flags).toEqual([
      { engineer: 'ann', team: 'ops', week: 1, weekStart: 1440, flagged: 1, share: 0.5, interruptions: 3, offHours: 2, sleep: 2, over: ['sleep'] },
      { engineer: 'bob', team: 'ops', week: 2, weekStart: 1440 + 10080, flagged: 2, share: 1, interruptions: 4.5, offHours: 4.5, sleep: 4.5, over: ['sleep'] },
    ]);
  });
});

describe('backlog aging', () => {
  it('puts each open incident in the bucket of its age at every grid point', () => {
    // grid 60 min over 6 h; buckets < 2h, 2h–4h, > 4h
    const a = new AgingAccumulator([120, 240], 60, 360);
    a.add(0, 300); // open 0–300: ages 0,60 | 120,180 | 240
    a.add(-500, undefined); // a backlog ticket already 500 min old, never closed: > 4h throughout
    a.add(90, 150); // open at grid point 120 only (age 30)
    const { t, counts } = a.result();
    expect(t).toEqual([0, 60, 120, 180, 240, 300]);
    expect(counts).toEqual([
      [1, 1, 1, 0, 0, 0],
      [0, 0, 1, 1, 0, 0],
      [1, 1, 1, 1, 2, 1],
    ]);
    expect(agingLabels([1440, 4320, 10080])).toEqual(['< 1d', '1d–3d', '3d–7d', '> 7d']);
    expect(agingLabels([240, 1440])).toEqual(['< 4h', '4h–1d', '> 1d']);
  });
});

describe('the day resolve-SLA attainment recovers', () => {
  it('is the first day from which every later day with resolutions is at target', () => {
    expect(recoveryDay({ met: [1, 5, 9, 0, 10], n: [10, 10, 10, 0, 10] }, 0.9)).toBe(2);
    expect(recoveryDay({ met: [10, 5, 9], n: [10, 10, 10] }, 0.9)).toBe(2);
    expect(recoveryDay({ met: [9, 9, 5], n: [10, 10, 10] }, 0.9)).toBeUndefined();
    expect(recoveryDay({ met: [9, 9], n: [10, 10] }, 0.9)).toBe(0);
  });
});
