/**
 * The capacity model's arithmetic on small logs whose answer is known: work content by the shared
 * discipline inverted, headcount per week, presence, concurrency, paths, pending, priorities; and
 * the automatic window (a one-week busiest run is a run).
 */
import { describe, expect, it } from 'vitest';
import { fitCapacity, LAYERS } from '../../src/fit/capacity.js';
import { chooseWindow, longestRun } from '../../src/fit/weeks.js';
import { capacityScenarioYaml, matrixWith } from '../../src/fit/capacity-scenario.js';
import { caseIncident } from '../../src/io/import/profiles/eventlog.js';
import type { HistoricalIncident } from '../../src/io/import/types.js';
import { validateScenario } from '../../src/scenario/load.js';
import { parse } from 'yaml';

const H = 3_600_000;
const MON = Date.UTC(2026, 0, 5); // Monday 2026-W02

const held = (id: string, from: number, to: number, who = 'ann', group = 'desk', extra: Partial<HistoricalIncident> = {}) =>
  caseIncident(id, [{ at: from, phase: 'active', assignee: who, group }, { at: to, phase: 'resolved', assignee: who, group }], extra);

describe('capacity fit', () => {
  it('splits a team of one between the incidents it holds at once: 90 minutes of work each', () => {
    // ann holds A 09:00–11:00 and B 10:00–12:00 on Monday (present 09:00–13:00, where her events are):
    // A gets 60 + 30, B 30 + 60 minutes — the shared discipline replays them exactly (test/sim/shared.test.ts).
    const fit = fitCapacity([held('A', MON + 9 * H, MON + 11 * H), held('B', MON + 10 * H, MON + 12 * H)], { halfLife: Infinity, presence: 'activity' });
    const desk = fit.teams.find((t) => t.id === 'desk')!;
    expect(desk.engineers).toBe(1);
    expect(desk.headcount).toEqual([{ week: '2026-W02', engineers: 1 }]);
    expect(desk.layers.filter((l) => l === LAYERS).length).toBe(4); // Monday 09–13
    expect(desk.layers.filter((l) => l === 0).length).toBe(164);
    expect(desk.concurrency.cap).toBe(2);
    const cls = fit.classes.find((c) => c.name === 'desk-p3')!;
    expect(cls.path).toHaveLength(1);
    expect(cls.path[0].work[0]).toBeCloseTo(90, 6);
    expect(cls.path[0].work[100]).toBeCloseTo(90, 6);
    expect(desk.effortMinutes).toBeCloseTo(180, 6);
  });

  it('two engineers present share nothing: each incident gets a person', () => {
    const fit = fitCapacity([held('A', MON + 9 * H, MON + 11 * H, 'ann'), held('B', MON + 10 * H, MON + 12 * H, 'bob')], { halfLife: Infinity, presence: 'activity' });
    expect(fit.teams[0].engineers).toBe(2);
    expect(fit.classes[0].path[0].work[0]).toBeCloseTo(120, 6);
  });

  it('follows the group sequence: a second step with the work done there, pending as pending', () => {
    const a = caseIncident('A', [
      { at: MON + 9 * H, phase: 'active', assignee: 'ann', group: 'desk' },
      { at: MON + 10 * H, phase: 'active', assignee: 'bob', group: 'l2' },
      { at: MON + 11 * H, phase: 'pending', assignee: 'bob', group: 'l2' },
      { at: MON + 13 * H, phase: 'active', assignee: 'cat', group: 'l2' }, // cat takes it over (a bare return from pending is no evidence of presence)
      { at: MON + 14 * H, phase: 'resolved' },
    ], { priority: 'P2' });
    const b = held('B', MON + 9 * H, MON + 9.5 * H, 'ann', 'desk', { priority: 'P2' });
    const fit = fitCapacity([a, b], { halfLife: Infinity, presence: 'activity' });
    const cls = fit.classes.find((c) => c.name === 'desk-p2')!;
    expect(cls.path.map((s) => [s.team, s.resolves])).toEqual([['desk', 0.5], ['l2', 1]]);
    expect(cls.path[1].work[50]).toBeCloseTo(120, 6); // 10–11 and 13–14
    expect(cls.pending).toMatchObject({ probability: 0.5 });
    expect(cls.pending!.minutes[50]).toBeCloseTo(120, 6);
    // Without impact / urgency the matrix still names a priority, so the scenario is valid.
    expect(fit.matrix).toEqual({ medium: { medium: 'P2' } });
    const yaml = capacityScenarioYaml(fit, { name: 'tiny', source: 'test' });
    expect(yaml).not.toMatch(/[&*][a-z]/); // no anchors or aliases
    const written = validateScenario(parse(yaml), 'tiny');
    // presence layers are one headcount: `incisim staff` sizes each team's layers together
    expect(written.teams.map((t) => t.staffing)).toEqual(written.teams.map(() => ({ groups: 'together' })));
  });

  it('incidents without a priority take the default one', () => {
    const fit = fitCapacity([held('A', MON + 9 * H, MON + 10 * H, 'ann', 'desk', { priority: undefined })], { defaultPriority: 'P4', halfLife: Infinity });
    expect(fit.classes.map((c) => c.name)).toEqual(['desk-p4']);
    expect(fit.defaultPriority).toBe('P4');
  });
});

describe('capacity fit with rotas (each engineer\'s usual week)', () => {
  // ann, three weeks, every weekday: A held 09:00–13:00 and B 11:00–16:00 (events at 9, 11, 13, 16).
  const week = (w: number, d: number) => MON + (w * 7 + d) * 24 * H;
  const log: HistoricalIncident[] = [];
  for (let w = 0; w < 3; w++) {
    for (let d = 0; d < 5; d++) {
      log.push(held(`A${w}${d}`, week(w, d) + 9 * H, week(w, d) + 13 * H));
      log.push(held(`B${w}${d}`, week(w, d) + 11 * H, week(w, d) + 16 * H));
    }
  }
  const fit = fitCapacity(log, { halfLife: Infinity });

  it('reads rotas where assignments are balanced (one engineer: every assignment is to the least loaded)', () => {
    expect(fit.presence).toMatchObject({ method: 'rotas', balanced: 1, regularShare: 1 });
  });

  it('gives the engineer the weekdays they work, from their first events to their last, to the hour', () => {
    const desk = fit.teams.find((t) => t.id === 'desk')!;
    const on = Array.from({ length: 168 }, (_, h) => h % 24 >= 9 && h % 24 < 16 && h < 5 * 24);
    expect(desk.rota).toEqual([{ engineers: 1, week: on }]);
  });

  it('inverts the shared discipline per engineer: A gets 2 h alone + 2 h at half = 180 min, B 2 h at half + 3 h alone = 240 min', () => {
    const cls = fit.classes.find((c) => c.name === 'desk-p3')!;
    expect(cls.path).toHaveLength(1);
    expect(cls.path[0].work[0]).toBeCloseTo(180, 6);
    expect(cls.path[0].work[100]).toBeCloseTo(240, 6);
    expect(fit.teams[0].service).toBe('shared');
  });

  it('writes the rota as the team\'s shift in a scenario that validates', () => {
    const text = capacityScenarioYaml(fit, { name: 'rotas', source: 'test' });
    expect(text).toMatch(/- \{ count: 1, capacity: 2, prefix: desk-r0, shift: \[0\] \}/);
    expect(text).toMatch(/- \{ days: "mon,tue,wed,thu,fri", hours: "09:00-16:00" \}/);
    // rota groups are shifts one staffs: sized apart, as any scenario's
    expect(validateScenario(parse(text), 'rotas.yaml').teams[0].staffing).toBeUndefined();
  });
});

describe('the priority matrix of a fitted scenario', () => {
  it('names every class priority (a class priority outside the matrix is invalid): free cells first, lowest first', () => {
    expect(matrixWith({ high: { high: 'P1' }, medium: { medium: 'P3' } }, ['P1', 'P3', 'P5'])).toEqual({
      matrix: { high: { high: 'P1' }, medium: { medium: 'P3' }, low: { low: 'P5' } },
      added: ['P5'],
    });
    const full = Object.fromEntries(['high', 'medium', 'low'].map((i) => [i, Object.fromEntries(['high', 'medium', 'low'].map((u) => [u, i === 'high' ? 'P2' : 'P3']))]));
    const { matrix } = matrixWith(full, ['P2', 'P3', 'P4']);
    expect(Object.values(matrix).flatMap((r) => Object.values(r)).sort()).toEqual(['P2', 'P2', 'P2', 'P3', 'P3', 'P3', 'P3', 'P3', 'P4']);
  });
});

describe('the automatic window', () => {
  it('takes a one-week busiest run (it used to fall back silently to the whole log)', () => {
    expect(longestRun([10, 100, 10, 10], 0.5)).toEqual([1, 1]);
    expect(longestRun([60, 100, 10, 70, 80, 90], 0.5)).toEqual([3, 5]);
    const w = chooseWindow([MON, MON + 7 * 24 * H, MON + 7 * 24 * H + 1, MON + 7 * 24 * H + 2, MON + 14 * 24 * H], 'UTC', {});
    expect([w.from, w.to, w.incidents]).toEqual(['2026-W03', '2026-W03', 3]);
  });
});
