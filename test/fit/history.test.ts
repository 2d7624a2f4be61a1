import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Value } from '@sinclair/typebox/value';
import { checkFit, empiricalQuantiles, empiricalSpec, fitHistory, scenarioYaml, slug, type FitResult } from '../../src/fit/index.js';
import { parseDistribution } from '../../src/kernel/distributions/index.js';
import { loadHistory, type HistoricalIncident } from '../../src/io/import/index.js';
import { ScenarioSchema } from '../../src/scenario/schema.js';

import { UCI } from '../data.js';
const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1); // Monday 2024-01-01 00:00 UTC, ISO week 2024-W01

/** n incidents opened at T0 + offsets (minutes), resolved `ttr` minutes later. */
function incidents(spec: { at: number; ttr?: number; group?: string; priority?: string; reassignments?: number; assignee?: string }[]): HistoricalIncident[] {
  return spec.map((s, i) => ({
    id: `I${i}`,
    openedAt: T0 + s.at * MIN,
    resolvedAt: s.ttr === undefined ? undefined : T0 + (s.at + s.ttr) * MIN,
    group: s.group,
    priority: s.priority ?? 'P3',
    reassignments: s.reassignments,
    assignee: s.assignee,
  }));
}

describe('a fit with a single team', () => {
  it('says that its reassignments cannot be modelled instead of writing a misroute the simulator drops', () => {
    const list = incidents(Array.from({ length: 60 }, (_, k) => ({ at: k * 60, ttr: 30 + k, group: 'Desk', reassignments: k % 3 === 0 ? 1 : 0 })));
    const text = scenarioYaml(fitHistory(list, { from: '2024-W01', to: '2024-W01' }), { name: 'one', source: 'test' });
    expect(text).toContain('but with one team there is');
    expect(text).toContain('reassignments are NOT modelled');
    expect(text).not.toContain('misroute:');
  });
});

describe('fitHistory on hand-made incidents', () => {
  const W = 10080;
  // Week 1: 6 incidents, week 2: 4, week 3: 1 (thinning tail), week 4: 0, week 5: 1.
  const list = incidents([
    { at: 9 * 60 + 5, ttr: 30, group: 'Desk A', assignee: 'a' }, // Mon 09:05
    { at: 9 * 60 + 50, ttr: 60, group: 'Desk A', assignee: 'b', reassignments: 2 },
    { at: 1440 + 14 * 60, ttr: 90, group: 'Desk A', assignee: 'a' }, // Tue 14:00
    { at: 2 * 1440 + 60, ttr: 20, group: 'Net', priority: 'P1', assignee: 'c' },
    { at: 5 * 1440 + 10, ttr: 45, group: 'Net', assignee: 'c' }, // Sat 00:10
    { at: 6 * 1440 + 23 * 60, group: 'Desk A' }, // Sun 23:00, never resolved
    { at: W + 9 * 60, ttr: 15, group: 'Desk A', assignee: 'a', reassignments: 1 },
    { at: W + 10 * 60, ttr: 25, group: 'Desk A', assignee: 'a' },
    { at: W + 1440, ttr: 35, group: 'Net', assignee: 'd' },
    { at: W + 3 * 1440, ttr: 40, assignee: 'e' }, // no group
    { at: 2 * W + 100, ttr: 10, group: 'Desk A' },
    { at: 4 * W + 100, ttr: 10, group: 'Desk A' },
  ]);

  it('counts every ISO week, zero weeks included, and picks the longest run of busy weeks', () => {
    const f = fitHistory(list, { teams: 1, minSample: 3 });
    expect(f.weekly.map((w) => [w.week, w.count])).toEqual([['2024-W01', 6], ['2024-W02', 4], ['2024-W03', 1], ['2024-W04', 0], ['2024-W05', 1]]);
    expect(f.window).toMatchObject({ from: '2024-W01', to: '2024-W02', weeks: 2, incidents: 10, auto: true, start: T0, end: T0 + 2 * W * MIN });
    expect(f.perWeek).toBe(5);
  });

  it('takes the hour-of-week profile in the stated zone, per week of the window', () => {
    const utc = fitHistory(list, { teams: 1, minSample: 3 });
    expect(utc.hourOfWeek.reduce((a, b) => a + b, 0)).toBeCloseTo(5, 12);
    expect(utc.hourOfWeek[9]).toBe(1.5); // Mon 09:xx: two in week 1, one in week 2 → 3 / 2 weeks
    expect(utc.hourOfWeek[6 * 24 + 23]).toBe(0.5); // Sun 23:00
    // In Berlin (UTC+1 in January) Sunday 23:00 UTC is Monday 00:00 of the next ISO week.
    const berlin = fitHistory(list, { teams: 1, minSample: 3, zone: 'Europe/Berlin', from: '2024-W01', to: '2024-W02' });
    expect(berlin.hourOfWeek[10]).toBe(1.5);
    expect(berlin.weekly[0].count).toBe(5);
    expect(berlin.weekly[1].count).toBe(5);
  });

  it('makes the largest groups teams, pools the rest (and no group) as "other", and one class per team × priority', () => {
    const f = fitHistory(list, { teams: 1, minSample: 3 });
    expect(f.teams.map((t) => [t.id, t.groups, t.incidents])).toEqual([['desk-a', ['Desk A'], 6], ['other', ['Net', '(none)'], 4]]);
    expect(f.classes.map((c) => [c.name, c.count, c.perWeek, c.workFrom])).toEqual([
      ['desk-a-p3', 6, 3, 'class'], // 5 resolved ≥ minSample 3
      ['other-p1', 1, 0.5, 'team'], // one P1 in the whole window: too few for a P1 fit, so the team's
      ['other-p3', 3, 1.5, 'class'],
    ]);
    expect(f.workByPriority.P1).toBeUndefined();
    const desk = f.classes.find((c) => c.name === 'desk-a-p3')!;
    expect(desk.reassignedShare).toBeCloseTo(2 / 6, 12);
    expect(desk.reassignments).toBeCloseTo(3 / 6, 12);
    expect(desk.work.n).toBe(5);
    expect(desk.work.empirical.median).toBe(30);
    expect(f.unresolved).toBe(1);
    expect(f.reassignment).toEqual({ mean: 0.3, share: 0.2, max: 2 });
  });

  it('sizes teams from observed resolvers and the most incidents open at once', () => {
    const f = fitHistory(list, { teams: 1, minSample: 3 });
    const desk = f.teams.find((t) => t.id === 'desk-a')!;
    // resolvers per week: week 1 {a, b}, week 2 {a} → median 1.5 → 2
    expect(desk.engineers).toBe(2);
    // hourly samples: at week 2 Monday 09:00 the never-resolved Sunday 23:00 incident and the one opened at 09:00 are open
    expect(desk.maxOpen).toBe(2);
    expect(desk.capacity).toBe(Math.ceil((1.2 * 2) / 2));
    expect(desk.resolvedPerWeek).toBe(2.5);
  });

  it('rejects impossible windows with a one-line message', () => {
    expect(() => fitHistory(list, { from: '2023-W50' })).toThrow(/^--from: week 2023-W50 is outside the data \(2024-W01 \.\. 2024-W05\)$/);
    expect(() => fitHistory(list, { from: '2024-W03', to: '2024-W01' })).toThrow(/^--to: week 2024-W01 is before --from 2024-W03$/);
    expect(() => fitHistory(list, { from: 'week 3' })).toThrow(/^--from: "week 3" is not an ISO week; expected e\.g\. 2016-W09$/);
    expect(() => fitHistory([])).toThrow(/no incidents to fit/);
  });

  it('slugs group names into scenario identifiers', () => {
    expect(slug('Group 70')).toBe('group-70');
    expect(slug('  Réseau / WAN ')).toBe('r-seau-wan');
    expect(slug('(none)')).toBe('none');
  });
});

describe('fitHistory on the UCI event log', () => {
  let fit: FitResult;
  let all: HistoricalIncident[];
  beforeAll(async () => {
    all = (await loadHistory(UCI)).incidents;
    fit = fitHistory(all);
  });

  it('chooses ISO weeks 2016-W09..W21 and keeps the file\'s weekly volumes', () => {
    expect(fit.weekly.reduce((s, w) => s + w.count, 0)).toBe(24_918);
    // README: 24,645 incidents open in W09..W22; W22 is the first thinned week left out.
    const w09to22 = fit.weekly.filter((w) => w.week >= '2016-W09' && w.week <= '2016-W22').reduce((s, w) => s + w.count, 0);
    expect(w09to22).toBe(24_645);
    expect(fit.window).toMatchObject({ from: '2016-W09', to: '2016-W21', weeks: 13 });
    const w22 = fit.weekly.find((w) => w.week === '2016-W22')!.count;
    expect(fit.window.incidents).toBe(24_645 - w22);
    expect(fit.hourOfWeek.reduce((a, b) => a + b, 0)).toBeCloseTo(fit.perWeek, 9);
    expect(fit.classes.reduce((s, c) => s + c.count, 0)).toBe(fit.window.incidents);
  });

  it('fits each priority: chosen median inside the sample median\'s 95% interval, KS verdict stated', () => {
    for (const [p, f] of Object.entries(fit.workByPriority)) {
      expect(f.chosen.fitted.median, p).toBeGreaterThanOrEqual(f.medianCi[0] * 0.999);
      expect(f.chosen.fitted.median, p).toBeLessThanOrEqual(f.medianCi[1] * 1.001);
      for (const c of f.candidates) expect(c.rejected).toBe(c.ks > c.ksCritical);
      // the gamma MLE reproduces the sample mean exactly
      const g = f.candidates.find((c) => c.fitted.family === 'gamma')!;
      expect(g.fitted.mean / f.empirical.mean).toBeCloseTo(1, 9);
    }
    // Critical incidents (n = 248): a Weibull with shape < 1 fits, and KS does not reject it.
    const p1 = fit.workByPriority.P1;
    expect(p1.best.fitted.family).toBe('weibull');
    expect(p1.best.fitted.params.shape).toBeLessThan(1);
    expect(p1.best.ks).toBeLessThan(p1.best.ksCritical);
    // Moderate (n > 20,000) rejects every simple family — and says so.
    expect(fit.workByPriority.P3.candidates.every((c) => c.rejected)).toBe(true);
  });

  it('the scenario implies each priority\'s observed median (classes mixed by rate), and the observed volume', () => {
    // fitted families: within the 5% tolerance the fit enforces
    const fitted = checkFit(fit, 'fitted');
    expect(fitted.byPriority.map((c) => c.priority)).toEqual(['P1', 'P2', 'P3', 'P4']);
    for (const c of fitted.byPriority) expect(Math.abs(c.error), c.priority).toBeLessThanOrEqual(0.05);
    // percentiles: the pooled sample's median up to interpolation between percentiles (bimodal data: a few %)
    const empirical = checkFit(fit, 'empirical');
    for (const c of empirical.byPriority) expect(Math.abs(c.error), c.priority).toBeLessThanOrEqual(0.1);
    expect(fitted.perWeek.model).toBeCloseTo(fitted.perWeek.observed, 9);
  });

  it('models the incidents closed without a resolution time as closed without work', () => {
    const unresolved = fit.classes.reduce((s, c) => s + (c.closedUnresolved?.share ?? 0) * c.count, 0);
    expect(Math.round(unresolved)).toBe(fit.unresolved);
    const after = fit.classes.find((c) => c.closedUnresolved)!.closedUnresolved!.after;
    expect(after.n).toBe(fit.unresolved); // all of them have closed_at in this log
  });

  it('gives every team room for more than the most incidents ever open at once', () => {
    for (const t of fit.teams) expect(t.engineers * t.capacity).toBeGreaterThanOrEqual(t.maxOpen);
    expect(fit.teams.at(-1)!.id).toBe('other');
    expect(fit.teams[0]).toMatchObject({ id: 'group-70', groups: ['Group 70'] });
  });

  it('writes a scenario that parses and satisfies the scenario schema', () => {
    const text = scenarioYaml(fit, { name: 'uci-fitted', source: 'incident_event_log.csv.gz' });
    const fittedText = scenarioYaml(fit, { name: 'uci-fitted', source: 'incident_event_log.csv.gz', work: 'fitted' });
    const doc = parse(text);
    expect(Value.Errors(ScenarioSchema, doc).First()).toBeUndefined();
    expect(doc.start).toBe('2016-02-29T00:00:00Z');
    expect(doc.horizon).toBe('91d');
    expect(doc.arrivals).toHaveLength(fit.classes.length);
    // the profile alias resolves to the same 168 weights in every class
    for (const a of doc.arrivals) expect(a.profile).toHaveLength(168);
    const perWeek = doc.arrivals.reduce((s: number, a: { rate: { perWeek: number } }) => s + a.rate.perWeek, 0);
    expect(perWeek).toBeCloseTo(fit.perWeek, 1);
    // each class states its percentiles (default) or its chosen fit (--work fitted)
    fit.classes.forEach((c, i) => expect(doc.arrivals[i].path[0].work).toBe(empiricalSpec(c.work)));
    const fittedDoc = parse(fittedText);
    expect(Value.Errors(ScenarioSchema, fittedDoc).First()).toBeUndefined();
    fit.classes.forEach((c, i) => expect(fittedDoc.arrivals[i].path[0].work).toBe(c.work.chosen.fitted.spec));
    // every distribution written parses, and the percentiles keep the sample's median
    for (const d of [doc, fittedDoc]) {
      for (const a of d.arrivals) {
        parseDistribution(a.path[0].work, 'work');
        if (a.autoRemediate) parseDistribution(a.autoRemediate.after, 'after');
      }
    }
    const big = fit.classes.find((c) => c.workFrom === 'class')!;
    expect(empiricalQuantiles(big.work)[50]).toBe(big.work.empirical.median);
    expect(fit.classes.some((c) => c.work.chosenBy !== 'aic')).toBe(true);
    // reassignments: routed share × share misrouted × (1 + mean further wrong groups) = the class's
    // mean per incident (those closed without work are never routed)
    fit.classes.forEach((c, i) => {
      const a = doc.arrivals[i];
      if (c.reassignedShare === 0) return expect(a.misroute).toBeUndefined();
      const further = a.misroute.repeat !== undefined ? parseDistribution(a.misroute.repeat, 'repeat').mean : 0;
      expect((1 - (a.autoRemediate?.probability ?? 0)) * a.misroute.probability * (1 + further), c.name).toBeCloseTo(c.reassignments, 2);
    });
    expect(doc.arrivals.some((a: { misroute?: { repeat?: string } }) => a.misroute?.repeat !== undefined)).toBe(true);
    const closing = doc.arrivals.filter((a: { autoRemediate?: unknown }) => a.autoRemediate !== undefined);
    expect(closing.length).toBe(fit.classes.filter((c) => c.closedUnresolved).length);
  });
});
