/**
 * `incisim fit --itil` on small event logs whose answer is known: the share resolved with a
 * knowledge article and their held time against the others', closure codes, reopens and their
 * delay, and the problem links; the scenario it writes validates and keeps each class's mean work.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fitCapacity } from '../../src/fit/capacity.js';
import { capacityScenarioYaml } from '../../src/fit/capacity-scenario.js';
import { fitItil, reopenDelay } from '../../src/fit/itil.js';
import { caseIncident } from '../../src/io/import/profiles/eventlog.js';
import type { HistoricalIncident } from '../../src/io/import/types.js';
import { validateScenario } from '../../src/scenario/load.js';

const H = 3_600_000;
const MON = Date.UTC(2026, 0, 5); // Monday 2026-W02

/** Incident k of the desk: held by one of 40 engineers from Monday 09:00 + k min for `minutes`; every 4th with an article. */
function incident(k: number, minutes: number, extra: Partial<HistoricalIncident> = {}): HistoricalIncident {
  const from = MON + 9 * H + k * 60_000;
  return caseIncident(`I${k}`, [
    { at: from, phase: 'active', assignee: `e${k % 40}`, group: 'desk' },
    { at: from + minutes * 60_000, phase: 'resolved', assignee: `e${k % 40}`, group: 'desk' },
  ], { priority: 'P3', closedCode: k % 3 === 0 ? 'code 1' : 'code 2', knowledge: k % 4 === 0, ...extra });
}

describe('fit --itil', () => {
  // 80 incidents: those with an article (k % 4 = 0) take 20 minutes, the others 60; two link to one problem
  const log = Array.from({ length: 80 }, (_, k) => incident(k, k % 4 === 0 ? 20 : 60, k < 2 ? { problemId: 'PRB1' } : {}));
  const fit = fitCapacity(log, { halfLife: Infinity });
  const itil = fitItil(log, fit);

  it('measures the known-error share, its work factor, closure codes and problem links', () => {
    const c = itil.classes['desk-p3'];
    expect(c.knownError!.share).toBe(0.25);
    expect(c.knownError!.workFactor).toBeCloseTo(20 / 60, 6);
    expect(c.knownError!.pooled).toBe(false);
    expect(c.closureCodes).toEqual({ 'code 2': 53, 'code 1': 27 });
    expect(itil.problems).toEqual({ linked: 2, records: 1, largest: 2 });
    expect(c.reopen).toBeUndefined();
  });

  it('writes them into a scenario that validates, the path scaled so the mean work stays as observed', () => {
    const yaml = capacityScenarioYaml(fit, { name: 'itil', source: 'test', itil });
    const s = validateScenario(parse(yaml), 'fitted.yaml');
    const cls = s.arrivals.find((a) => a.class === 'desk-p3')!;
    expect(cls.knownError).toEqual({ share: 0.25, workFactor: 0.333 });
    expect(cls.closureCodes).toEqual({ 'code 2': 53, 'code 1': 27 });
    expect(yaml).toContain('problems: not fitted: problem_id links 2');
    // without --itil the header says what the log holds and how to use it
    const plain = capacityScenarioYaml(fit, { name: 'plain', source: 'test', itilColumns: itil.columns });
    expect(plain).toContain('`incisim fit --itil` writes known errors, closure codes and reopens');
    expect(parse(plain).arrivals[0].knownError).toBeUndefined();
  });

  it('reads a reopen and its delay from the timeline: resolved, then active again', () => {
    const a = caseIncident('R', [
      { at: MON + 9 * H, phase: 'active', assignee: 'ann', group: 'desk' },
      { at: MON + 10 * H, phase: 'resolved', assignee: 'ann', group: 'desk' },
      { at: MON + 13 * H, phase: 'active', assignee: 'ann', group: 'desk' },
      { at: MON + 14 * H, phase: 'resolved', assignee: 'ann', group: 'desk' },
    ], { priority: 'P3' });
    expect(reopenDelay(a)).toBe(180);
    const f = fitCapacity([a, incident(1, 30)], { halfLife: Infinity });
    expect(fitItil([a, incident(1, 30)], f).classes['desk-p3'].reopen).toMatchObject({ probability: 0.5, pooled: true });
  });
});
