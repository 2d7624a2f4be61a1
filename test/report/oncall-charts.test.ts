/** Charts of issue 20: backlog by age, the backlog burn-down and the daily resolve-SLA attainment. */
import { describe, expect, it } from 'vitest';
import { backlogAgingChart } from '../../src/report/charts/backlog-aging.js';
import { burnDownChart, dailySlaChart } from '../../src/report/charts/burn-down.js';
import { checkSpec } from './vega-lite.js';

describe('issue 20 charts', () => {
  const aging = backlogAgingChart('backlog-aging', { t: [0, 60, 120], labels: ['< 1d', '1d–3d', '> 3d'], mean: [[3, 2, 1], [1, 1, 1], [0, 0.5, 2]] });
  const burn = burnDownChart('burn-down', { t: [0, 60], mean: [340, 300], lo: [340, 290], hi: [340, 310] }, 340);
  const daily = dailySlaChart('daily-sla', [{ day: 0, mean: 0.4, lo: 0.35, hi: 0.45 }, { day: 1, mean: 0.95, lo: 0.9, hi: 0.99 }], 0.9, 1);
  const never = dailySlaChart('daily-sla', [{ day: 0, mean: 0.4, lo: 0.35, hi: 0.45 }], 0.9, undefined);

  it('validate against the Vega-Lite schema and compile without warnings', () => {
    for (const c of [aging, burn, daily, never]) {
      const { problems, warnings } = checkSpec(c.spec);
      expect(problems, c.name).toEqual([]);
      expect(warnings, c.name).toEqual([]);
    }
  });

  it('stack one row per bucket and grid time, youngest first, in days', () => {
    const rows = (aging.spec as { data: { values: { day: number; bucket: string; open: number }[] } }).data.values;
    expect(rows).toHaveLength(9);
    expect(rows.slice(0, 3)).toEqual([
      { day: 0, bucket: '< 1d', order: 0, open: 3 },
      { day: 0, bucket: '1d–3d', order: 1, open: 1 },
      { day: 0, bucket: '> 3d', order: 2, open: 0 },
    ]);
    expect(rows[8]).toMatchObject({ day: 0.08333, bucket: '> 3d', open: 2 });
  });

  it('say in the subtitle from which day attainment is back at target, or that it is not', () => {
    expect(JSON.stringify(daily.spec)).toContain('back above it for good from day 2');
    expect(JSON.stringify(never.spec)).toContain('not back above it for good within the horizon');
  });
});
