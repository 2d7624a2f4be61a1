/**
 * `incisim staff`: the smallest roster per team and shift that meets the targets in a window.
 * On the M/M/c scenario the answer is known in closed form (Erlang C) and the search must land
 * on it; with a shift pattern, the busy evening needs more people than the day; a target whose
 * work is longer than itself is explained, not chased; named engineers are sized with copies of
 * a template and the least needed removed; and on the peak-season scenario, the printed roster
 * meets every target in the window again when run on its own, while one engineer fewer on any
 * shift misses one. A team whose groups are presence layers (`staffing.groups: together`) is one
 * headcount, dealt to its layers in today's proportions.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { agentsForServiceLevel } from '../../src/analytic/erlang.js';
import { describeLoad, parseStaffTarget, staff } from '../../src/decide/staff.js';
import { resolveWindow, windowAttainment, windowWeeks } from '../../src/decide/staff-window.js';
import { dealGroups, engineerHours, presentShare, rosterOverrides, staffUnits } from '../../src/decide/staff-roster.js';
import { buildModel } from '../../src/model/build.js';
import { loadScenario, withOverrides } from '../../src/scenario/load.js';
import { runRequests } from '../../src/sim/parallel.js';
import { tinyScenario } from '../sim/helpers.js';

const mmcShort = ['horizon=16d', 'warmup=2d'];

describe('parseStaffTarget', () => {
  it('reads "<priority> respond|resolve <duration> <share>"', () => {
    expect(parseStaffTarget('P1 respond 15m 95%')).toEqual({ priority: 'P1', kind: 'respond', within: 15, share: 0.95, text: 'P1 respond 15m 95%' });
    expect(parseStaffTarget('P3 resolve within 3d 0.9')).toMatchObject({ priority: 'P3', kind: 'resolve', within: 4320, share: 0.9 });
  });
  it('rejects shares outside (0, 1) and malformed text', () => {
    expect(() => parseStaffTarget('P1 respond 15m 120%')).toThrow(/not between 0 and 100%/);
    expect(() => parseStaffTarget('P1 fast please')).toThrow(/is not a target/);
  });
});

describe('staff on the M/M/c scenario', () => {
  it('answers 21 for "P3 respond 20m 80%" at 18 an hour, 60 min each: Erlang C\'s answer, and 20 misses', async () => {
    const theory = agentsForServiceLevel({ arrivalsPerHour: 18, ahtMinutes: 60, targetMinutes: 20, serviceLevel: 0.8 });
    expect(theory.agents).toBe(21);
    const r = await staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P3 respond 20m 80%')], replications: 6, workers: 1, set: mmcShort });
    expect(r.met).toBe(true);
    const desk = r.units.find((u) => u.team === 'desk')!;
    expect(desk.analytic.engineers).toBe(21);
    expect(desk.analytic.arrivalsPerHour).toBeCloseTo(18, 9);
    expect(desk.answer).toBe(21);
    // minimal: 20 misses, with the Erlang C service level of 20 agents (71.7%) inside the interval
    expect(desk.minusOne).toMatchObject({ count: 20, meets: false });
    const at20 = desk.minusOne!.missed[0].attainment!;
    expect(at20.ci95[0]).toBeLessThan(0.717);
    expect(at20.ci95[1]).toBeGreaterThan(0.717);
    expect(r.set).toEqual(['teams[0].engineers.count=21']);
    expect(r.targets[0].binding.map((b) => b.team)).toEqual(['desk']);
    expect(r.engineerHoursPerWeek).toEqual({ today: 20 * 168, answer: 21 * 168, change: 168 });
  });

  it('explains a target headcount cannot meet (work longer than the target) and holds it at what headcount reaches', async () => {
    // exp(60 min) work: at most 1 − e^(−0.5) = 39% of incidents can resolve within 30 min.
    const r = await staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P3 resolve 30m 80%')], replications: 4, workers: 1, set: ['horizon=9d', 'warmup=2d'] });
    const t = r.targets[0];
    expect(t.feasible).toBe(false);
    expect(t.best!.ci95[0]).toBeLessThan(1 - Math.exp(-0.5));
    expect(t.best!.ci95[1]).toBeGreaterThan(1 - Math.exp(-0.5) - 0.02);
    expect(t.infeasible!.unproven).toBe(false);
    expect(t.infeasible!.reachable).toBe(Math.floor(t.best!.ci95[0] * 100 + 1e-9) / 100);
    expect(t.answer!.mean).toBeGreaterThanOrEqual(t.infeasible!.reachable);
    // and minimal at that: one fewer falls below it
    const desk = r.units[0];
    expect(desk.minusOne!.meets).toBe(false);
    expect(desk.minusOne!.missed[0].attainment!.mean).toBeLessThan(t.infeasible!.reachable);
    // every miss at the ceiling is work alone longer than 30 min (queueing is gone)
    const c = t.impossible![0];
    expect(c).toMatchObject({ class: 'generic', team: 'desk' });
    expect(c.work / c.missed).toBeGreaterThan(0.95);
    expect(r.met).toBe(true);
  });

  it('refuses an unknown team, a priority the scenario does not have and a window outside the run', async () => {
    await expect(staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P1 respond 15m 95%')], teams: ['nope'] })).rejects.toThrow(/unknown team "nope"/);
    await expect(staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P9 respond 15m 95%')] })).rejects.toThrow(/priority "P9"/);
    await expect(staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P3 respond 15m 95%')], window: 'black-friday' })).rejects.toThrow(/^--window: "black-friday" is neither a date range \(FROM\.\.TO\) nor the name of a peak; the scenario names no peaks$/);
    await expect(staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P3 respond 15m 95%')], window: '2027-01-01..2027-02-01' })).rejects.toThrow(/does not overlap the measured period 2026-01-12\.\.2026-02-09/);
  });
});

describe('the window', () => {
  const { scenario } = loadScenario('scenarios/peak-season.yaml');
  const model = buildModel(scenario);
  it('defaults to the span of the scenario\'s peaks, and takes peak names and dates', () => {
    expect(resolveWindow(undefined, scenario, model, true)).toMatchObject({ fromDate: '2026-11-26', toDate: '2026-12-13' });
    expect(resolveWindow('thanksgiving-to-cyber-monday', scenario, model, true)).toMatchObject({ fromDate: '2026-11-26', toDate: '2026-11-30' });
    expect(resolveWindow('2026-11-20..christmas-run-up', scenario, model, true)).toMatchObject({ fromDate: '2026-11-20', toDate: '2026-12-13' });
    expect(resolveWindow(undefined, scenario, model, false)).toMatchObject({ fromDate: '2026-11-09', toDate: '2026-12-13', source: 'the measured period' });
    expect(() => resolveWindow('cyber..', scenario, model, true)).toThrow(/^--window: "cyber\.\." is not FROM\.\.TO .*the scenario's peaks are thanksgiving-to-cyber-monday, christmas-run-up$/);
  });
  it('splits into weeks from its start, the last one shorter', () => {
    const w = resolveWindow(undefined, scenario, model, true);
    expect(windowWeeks(model, w).map((x) => x.label)).toEqual(['2026-11-26 – 2026-12-02', '2026-12-03 – 2026-12-09', '2026-12-10 – 2026-12-13']);
  });
});

describe('--peak', () => {
  const { scenario } = loadScenario('scenarios/peak-season.yaml');
  it('multiplies the base rates, says so, and leaves the scenario\'s own peaks out unless asked', () => {
    const l = describeLoad(scenario, 2, false);
    expect(l.multiplied).toEqual(['store-pos 280 → 560 week', 'checkout-error 100 → 200 week', 'payment-failure 35 → 70 week', 'back-office 150 → 300 week', 'site-alert 40 → 80 week']);
    expect(l.loadSets).toEqual([
      'arrivals[0].rate.perWeek=560', 'arrivals[0].peaks=[]', 'arrivals[1].rate.perWeek=200', 'arrivals[1].peaks=[]', 'arrivals[3].rate.perWeek=70', 'arrivals[3].peaks=[]',
      'arrivals[4].rate.perWeek=300', 'arrivals[4].peaks=[]', 'arrivals[5].rate.perWeek=80', 'arrivals[5].peaks=[]',
    ]);
    expect(l.loadText).toMatch(/^every class's base rate × 2 \(store-pos 280 → 560 week; .*\); the scenario's own peaks \(thanksgiving-to-cyber-monday ×2\.5, christmas-run-up ×1\.4\) left out: --with-peaks keeps them on top$/);
    const kept = describeLoad(scenario, 2, true);
    expect(kept.loadSets.some((x) => x.endsWith('.peaks=[]'))).toBe(false);
    expect(kept.loadText).toMatch(/kept on top \(compounded\)$/);
    expect(describeLoad(scenario, 1, false)).toMatchObject({ loadSets: [], dropPeaks: false });
  });
  it('the window then defaults to the measured period (the peaks are gone)', () => {
    const model = buildModel(scenario);
    expect(resolveWindow(undefined, scenario, model, false).source).toBe('the measured period');
  });
});

/** A 24x7 desk of three shifts whose arrivals peak in the evening (three times the day's rate). */
function shiftScenarioFile(): string {
  const daily = [...Array(8).fill(0.3), ...Array(8).fill(1), ...Array(8).fill(3)];
  const s = tinyScenario({
    horizon: '9d',
    warmup: '2d',
    replications: 5,
    teams: [{
      id: 'desk', tier: 1, queue: 'fifo',
      schedule: { shifts: [{ name: 'night', days: 'daily', hours: '00:00-08:00' }, { name: 'day', days: 'daily', hours: '08:00-16:00' }, { name: 'evening', days: 'daily', hours: '16:00-24:00' }] },
      engineers: { count: 4 },
    }],
    arrivals: [{ class: 'generic', rate: { perHour: 6 }, priority: 'P3', profile: { daily }, path: [{ team: 'desk', work: 'exponential(mean=30m)' }] }],
  });
  const file = join(mkdtempSync(join(tmpdir(), 'incisim-staff-')), 'shifts.yaml');
  writeFileSync(file, stringify(s));
  return file;
}

describe('staff per shift', () => {
  it('sizes each shift on its own load: the evening needs more engineers than the day, the night fewest', async () => {
    const file = shiftScenarioFile();
    const r = await staff(file, { targets: [parseStaffTarget('P3 respond 15m 80%')], workers: 1 });
    expect(r.met).toBe(true);
    const n = Object.fromEntries(r.units.map((u) => [u.key, u]));
    // one group without a shift is split into a group per shift
    expect(Object.keys(n)).toEqual(['desk/desk-night', 'desk/desk-day', 'desk/desk-evening']);
    // Erlang C on each shift's own rate: 6/h × (0.3, 1, 3) ÷ their mean 1.433
    expect(n['desk/desk-evening'].analytic.arrivalsPerHour).toBeCloseTo((6 * 3) / (43 / 30), 6);
    expect(n['desk/desk-evening'].answer).toBeGreaterThan(n['desk/desk-day'].answer);
    expect(n['desk/desk-day'].answer).toBeGreaterThan(n['desk/desk-night'].answer);
    expect(n['desk/desk-evening'].analytic.engineers).toBeGreaterThan(n['desk/desk-day'].analytic.engineers!);
    for (const u of r.units) if (u.minusOne) expect(u.minusOne.meets, u.key).toBe(false);
    // the printed lines are the roster: one group per shift
    expect(r.set).toHaveLength(1);
    expect(r.set[0]).toMatch(/^teams\[0\]\.engineers=\[ \{ count: \d+, prefix: desk-night, shift: 0 \}, \{ count: \d+, prefix: desk-day, shift: 1 \}, \{ count: \d+, prefix: desk-evening, shift: 2 \} \]$/);
    expect(r.engineerHoursPerWeek.answer).toBe(r.units.reduce((s, u) => s + u.answer * 56, 0));
  });
});

describe('the roster units', () => {
  it('take `staffing.template` over the team\'s most common engineer, and its copies join the rota', () => {
    const base = loadScenario('scenarios/small-team.yaml').scenario;
    const s = withOverrides(base, ['teams[0].staffing.template={ skills: [infra, postgres], capacity: 3 }']);
    const units = staffUnits(s, ['ops']);
    expect(units.map((u) => [u.key, u.kind, u.today, u.min])).toEqual([['ops/office hours', 'named', 5, 1], ['ops/on call', 'oncall', 1, 1]]);
    // the template's own fields, the rest from the team's most common engineer (incident share 0.5)
    expect(units[0].template).toEqual({ skills: ['infra', 'postgres'], capacity: 3, incidentShare: 0.5, timezone: undefined });
    expect(staffUnits(base, ['ops'])[0].template).toMatchObject({ capacity: 2, incidentShare: 0.5 });
    const lines = rosterOverrides(s, units, { 'ops/office hours': 6, 'ops/on call': 2 });
    expect(lines[0]).toBe('teams[0].oncall.layers[0].depth=2');
    expect(lines[1]).toMatch(/, \{ prefix: ops-extra, count: 1, skills: \[ infra, postgres \], capacity: 3, incidentShare: 0\.5 \} \]$/);
    expect(lines[2]).toBe('teams[0].oncall.layers[0].participants=[ alice, bilal, chen, dana, eve, ops-extra-01 ]');
    const built = buildModel(withOverrides(base, lines));
    expect(built.engineers.map((e) => [e.id, e.capacity])).toContainEqual(['ops-extra-01', 3]);
  });
});

describe('staff with named engineers (small-team.yaml)', () => {
  it('sizes the team with the template and the least needed removed first; the lines reproduce it', async () => {
    const r = await staff('scenarios/small-team.yaml', { replications: 6, workers: 1, set: ['horizon=3w', 'warmup=1w'] });
    const ops = r.units.find((u) => u.key === 'ops/office hours')!;
    expect(ops.kind).toBe('named');
    expect(ops.answer).toBeGreaterThanOrEqual(1);
    expect(ops.kept!.length + ops.removed!.length).toBe(5);
    expect(ops.kept!.length).toBe(Math.min(5, ops.answer));
    expect(r.units.find((u) => u.key === 'ops/on call')).toMatchObject({ kind: 'oncall', today: 1 });
    expect(r.teams.find((t) => t.team === 'ops')).toBeDefined();
    // the lines build a valid scenario with exactly that roster
    const s = withOverrides(loadScenario('scenarios/small-team.yaml').scenario, r.set);
    const team = s.teams[0];
    const listed = Array.isArray(team.engineers) ? team.engineers.map((e) => ('id' in e ? e.id : `${e.prefix}×${e.count}`)) : [];
    const extra = ops.answer > 5 ? [`ops-extra×${ops.answer - 5}`] : [];
    expect(listed.sort()).toEqual([...ops.kept!, ...extra].sort());
    const copies = Array.from({ length: Math.max(0, ops.answer - 5) }, (_, k) => `ops-extra-${String(k + 1).padStart(2, '0')}`);
    expect([...team.oncall!.layers[0].participants!].sort()).toEqual([...ops.kept!, ...copies].sort());
    // the least needed go first: whoever is removed resolved no more incidents today than whoever stays
    for (const gone of ops.removed!) for (const stays of ops.kept!) expect(ops.need![gone]).toBeLessThanOrEqual(ops.need![stays]);
  });

  it('adds copies of the template when the team is short', async () => {
    // twelve times the load: five engineers are not enough
    const r = await staff('scenarios/small-team.yaml', { targets: [parseStaffTarget('P3 respond 4h 90%')], replications: 3, workers: 1, peakFactor: 12, set: ['horizon=2w', 'warmup=1w'] });
    const ops = r.units.find((u) => u.key === 'ops/office hours')!;
    expect(ops.answer).toBeGreaterThan(5);
    expect(ops.added).toBe(ops.answer - 5);
    expect(r.set.find((l) => l.startsWith('teams[0].engineers='))).toMatch(/\{ prefix: ops-extra, count: \d+, skills: \{ backend: 4, postgres: 4, infra: 2 \}, capacity: 2, incidentShare: 0\.5 \}/);
  });
});

describe('staff on the peak-season scenario', () => {
  it('answers every team on the targeted paths; the printed roster meets the targets in the window, one fewer on any shift misses one', async () => {
    const set = ['start=2026-11-23T00:00:00-05:00', 'horizon=9d', 'warmup=2d'];
    const r = await staff('scenarios/peak-season.yaml', { replications: 4, workers: 1, set });
    expect(r.met).toBe(true);
    expect(r.teams.map((t) => t.team)).toEqual(['store-support', 'platform', 'ecommerce', 'payments']);
    for (const t of r.teams) expect(t.answer, t.team).toBeGreaterThan(0);
    expect(r.window).toMatchObject({ fromDate: '2026-11-26', toDate: '2026-12-01' });
    // the run drains past the window until the latest deadline of an incident opened at its end
    expect(r.load.set).toEqual([expect.stringMatching(/^horizon=\d+$/)]);
    // run the printed lines on their own, on the same replications, and measure the window again
    const base = loadScenario('scenarios/peak-season.yaml', { overrides: [...set, 'replications=4'] }).scenario;
    const targetSets = r.targets.map((t) => `priorities.sla.${t.priority}.${t.kind}=${t.within}`);
    const model = buildModel(base);
    const weeks = windowWeeks(model, r.window);
    const attain = async (lines: string[]) => {
      const s = withOverrides(base, [...targetSets, ...r.load.set, ...lines]);
      const res = await runRequests(s, [0, 1, 2, 3].map((index) => ({ index, keepIncidents: true })), 1);
      return windowAttainment(res.map((x) => x.incidents ?? []), r.targets, r.window, weeks).overall;
    };
    const answer = await attain(r.set);
    for (const t of r.targets) {
      if (t.feasible) expect(answer[t.text]!.ci95[0], t.text).toBeGreaterThanOrEqual(t.share);
      expect(answer[t.text]).toEqual(t.answer);
    }
    // the minimality table: every shift with someone to remove misses a target with one fewer
    const removable = r.units.filter((u) => u.minusOne);
    expect(removable.length).toBeGreaterThanOrEqual(r.teams.length);
    for (const u of removable) {
      expect(u.minusOne!.meets, u.key).toBe(false);
      expect(u.minusOne!.missed.length > 0 || u.minusOne!.invalid !== undefined, u.key).toBe(true);
    }
    // … and reproduced independently for the busiest shift of the desk: the same attainment, below the share
    const day = r.units.find((u) => u.key === 'store-support/support-day')!;
    const fewer = await attain(r.set.map((l) => (l.startsWith('teams[0].engineers[0].count=') ? `teams[0].engineers[0].count=${day.answer - 1}` : l)));
    for (const m of day.minusOne!.missed) expect(fewer[m.target], m.target).toEqual(m.attainment);
  }, 120_000);
});

/**
 * A 24x7 desk on presence layers, as `incisim fit` writes them: 6 engineers on all week (layer 0)
 * and 4 on weekdays 08:00–18:00 only (layer 1), sized together; 8 an hour, 30 min each.
 */
function layeredScenario() {
  return tinyScenario({
    horizon: '9d',
    warmup: '2d',
    replications: 5,
    teams: [{
      id: 'desk', tier: 1, queue: 'fifo',
      staffing: { groups: 'together' },
      schedule: { shifts: [{ days: 'daily', hours: '00:00-24:00' }, { days: 'mon-fri', hours: '08:00-18:00' }] },
      engineers: [{ count: 6, prefix: 'desk-l0', shift: 0 }, { count: 4, prefix: 'desk-l1', shift: 1 }],
    }],
    arrivals: [{ class: 'generic', rate: { perHour: 8 }, priority: 'P3', path: [{ team: 'desk', work: 'exponential(mean=30m)' }] }],
  });
}

describe('a team whose groups are sized together (`staffing.groups: together`)', () => {
  it('is one unit: its headcount, dealt to its groups in today\'s proportions (Sainte-Laguë)', () => {
    const s = layeredScenario();
    const units = staffUnits(s, ['desk']);
    expect(units.map((u) => [u.key, u.kind, u.today, u.min])).toEqual([['desk/its 2 groups', 'team', 10, 1]]);
    const [u] = units;
    expect(u.groups).toEqual([
      { item: 0, prefix: 'desk-l0', shift: 0, today: 6, hoursPerWeek: 168 },
      { item: 1, prefix: 'desk-l1', shift: 1, today: 4, hoursPerWeek: 50 },
    ]);
    // today's headcount deals today's counts; 7: 6/1, 4/1, 6/3, 4/3, 6/5, 6/7, 4/5 → 4 and 3
    expect(dealGroups(u, 10)).toEqual([6, 4]);
    expect(dealGroups(u, 7)).toEqual([4, 3]);
    expect(dealGroups(u, 5)).toEqual([3, 2]);
    expect(dealGroups(u, 1)).toEqual([1, 0]);
    expect(dealGroups({ ...u, groups: [{ ...u.groups![0], today: 3 }, { ...u.groups![1], today: 3 }] }, 5)).toEqual([3, 2]); // a tie: the group listed first
    // the roster is one count line per group, and engineer-hours are the dealt groups' hours
    expect(rosterOverrides(s, units, { 'desk/its 2 groups': 7 })).toEqual(['teams[0].engineers[0].count=4', 'teams[0].engineers[1].count=3']);
    expect(engineerHours(units, { 'desk/its 2 groups': 7 })).toBe(4 * 168 + 3 * 50);
    expect(engineerHours(units, { 'desk/its 2 groups': 10 })).toBe(6 * 168 + 4 * 50);
    // on shift on average over the hours any layer is on (all week): (6 × 168 + 4 × 50) ÷ (10 × 168)
    expect(presentShare(s, u, 0, 7 * 1440)).toBeCloseTo((6 * 168 + 4 * 50) / (10 * 168), 12);
    // one more never takes anyone from a group, and today deals today (largest remainders fail the
    // first: of today's [1, 3, 3], 3 deal [1, 1, 1] and 4 deal [0, 2, 2])
    expect(dealGroups({ ...u, groups: [1, 3, 3].map((t, i) => ({ item: i, prefix: `g${i}`, today: t, hoursPerWeek: 1 })) }, 4)).toEqual([1, 2, 1]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 60 }), (today, n) => {
      const v = { ...u, groups: today.map((t, i) => ({ item: i, prefix: `g${i}`, today: t, hoursPerWeek: 1 })) };
      const a = dealGroups(v, n);
      const b = dealGroups(v, n + 1);
      expect(a.reduce((x, y) => x + y, 0)).toBe(n);
      for (let i = 0; i < today.length; i++) expect(b[i]).toBeGreaterThanOrEqual(a[i]);
      if (today.some((t) => t > 0)) expect(dealGroups(v, today.reduce((x, y) => x + y, 0))).toEqual(today);
    }));
    // named engineers beside the groups stay a unit of their own, and the lines list the whole team
    const mixed = { ...s, teams: [{ ...s.teams[0], engineers: [{ id: 'ann' }, ...(s.teams[0].engineers as object[])] }] } as typeof s;
    const mu = staffUnits(mixed, ['desk']);
    expect(mu.map((v) => [v.key, v.kind, v.today])).toEqual([['desk/its 2 groups', 'team', 10], ['desk/shifts', 'named', 1]]);
    expect(mu[0].groups!.map((g) => g.item)).toEqual([1, 2]);
    expect(rosterOverrides(mixed, mu, { 'desk/its 2 groups': 5, 'desk/shifts': 1 })).toEqual([
      'teams[0].engineers=[ { id: ann }, { count: 3, prefix: desk-l0, shift: 0 }, { count: 2, prefix: desk-l1, shift: 1 } ]',
    ]);
    // without `together` the same team is a unit per group, as before
    const apart = staffUnits({ ...s, teams: [{ ...s.teams[0], staffing: undefined }] }, ['desk']);
    expect(apart.map((v) => [v.key, v.kind, v.today])).toEqual([['desk/desk-l0', 'group', 6], ['desk/desk-l1', 'group', 4]]);
  });

  it('staff sizes it as one headcount: Erlang C on shift at once ÷ the share on shift, the lines deal it, one fewer misses', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'incisim-staff-')), 'layers.yaml');
    writeFileSync(file, stringify(layeredScenario()));
    const target = parseStaffTarget('P3 respond 10m 80%');
    const r = await staff(file, { targets: [target], workers: 1 });
    expect(r.met).toBe(true);
    expect(r.units).toHaveLength(1);
    const [u] = r.units;
    expect(u).toMatchObject({ key: 'desk/its 2 groups', kind: 'team', today: 10 });
    // the start: Erlang C's engineers on shift at once (8/h × 30 min, 10 min at 80%) over the share on shift
    const erlang = agentsForServiceLevel({ arrivalsPerHour: 8, ahtMinutes: 30, targetMinutes: 10, serviceLevel: 0.8 }).agents;
    const share = (6 * 168 + 4 * 50) / (10 * 168);
    expect(u.analytic.engineers).toBe(Math.ceil(erlang / share));
    expect(u.analytic.note).toMatch(/sized together: engineers on shift at once ÷ 0\.719/);
    // the answer dealt in today's proportions, in the lines and in the result
    const dealt = [Math.round((u.answer * 6) / 10), 0];
    dealt[1] = u.answer - dealt[0];
    expect(u.groups).toEqual([{ group: 'desk-l0', today: 6, answer: dealt[0] }, { group: 'desk-l1', today: 4, answer: dealt[1] }]);
    expect(r.set).toEqual([`teams[0].engineers[0].count=${dealt[0]}`, `teams[0].engineers[1].count=${dealt[1]}`]);
    expect(u.engineerHoursPerWeek).toEqual({ today: 6 * 168 + 4 * 50, answer: dealt[0] * 168 + dealt[1] * 50 });
    // minimal: one engineer fewer (dealt again) misses the target
    expect(u.minusOne).toMatchObject({ count: u.answer - 1, meets: false });
    expect(u.minusOne!.missed.map((m) => m.target)).toEqual([target.text]);
  }, 60_000);

  it('with `service: shared` starts from the engineers who keep up with the work, not from their slots', async () => {
    // 4 Erlangs (8 an hour, 30 min): slots of 4 would start at ⌈4 ÷ 4⌉ + 1 = 2 on shift; sharing
    // attention, it takes ⌈4⌉ + 1 = 5 on shift, ÷ 0.719 on shift on average → 7
    const s = layeredScenario();
    s.teams[0] = { ...s.teams[0], service: 'shared', engineers: (s.teams[0].engineers as object[]).map((g) => ({ ...g, capacity: 4 })) } as (typeof s.teams)[0];
    const file = join(mkdtempSync(join(tmpdir(), 'incisim-staff-')), 'shared.yaml');
    writeFileSync(file, stringify(s));
    const r = await staff(file, { targets: [parseStaffTarget('P3 resolve 4h 80%')], replications: 3, workers: 1 });
    const [u] = r.units;
    expect(u.analytic.offeredErlangs).toBeCloseTo(4, 1);
    expect(u.analytic.note).toMatch(/^no respond target here; service: shared: ⌈load⌉ \+ 1 engineers on shift to keep up with the work; the team's groups sized together/);
    expect(u.analytic.start).toBe(Math.ceil((Math.ceil(u.analytic.offeredErlangs) + 1) / ((6 * 168 + 4 * 50) / (10 * 168))));
    // with a loose respond target the slots Erlang C needs (⌈servers ÷ 4⌉) are fewer than those who keep up
    const loose = await staff(file, { targets: [parseStaffTarget('P3 respond 2h 50%')], replications: 3, workers: 1 });
    const [v] = loose.units;
    expect(Math.ceil(v.analytic.servers! / 4)).toBeLessThan(5);
    expect(v.analytic.note).toMatch(/^service: shared: ⌈load⌉ \+ 1 engineers on shift to keep up with the work \(more than the slots Erlang C needs\); the team's groups sized together/);
    expect(v.analytic.engineers).toBe(u.analytic.start);
  }, 60_000);
});
