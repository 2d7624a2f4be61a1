/**
 * `incisim compare`: variants of one scenario run on the same replication indices, so the
 * per-replication differences are paired (common random numbers).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareVariants, parseVariant, readComparisonFile } from '../../src/decide/compare.js';
import { loadScenario } from '../../src/scenario/load.js';

describe('parseVariant', () => {
  it('reads name:path=value,path=value, with policy= as a shorthand for routing.policy', () => {
    expect(parseVariant('rr:policy=round-robin')).toEqual({ name: 'rr', set: ['routing.policy=round-robin'] });
    expect(parseVariant('big:teams[0].engineers.count=22,arrivals[0].rate.perHour=18')).toEqual({
      name: 'big',
      set: ['teams[0].engineers.count=22', 'arrivals[0].rate.perHour=18'],
    });
    expect(parseVariant('asis')).toEqual({ name: 'asis', set: [] });
  });

  it('rejects a variant without a name or with something that is not an override', () => {
    expect(() => parseVariant(':policy=random')).toThrow(/has no name/);
    expect(() => parseVariant('x:nonsense')).toThrow(/"nonsense" is not an override; expected path=value/);
  });
});

describe('compareVariants on the M/M/c scenario', () => {
  // Short runs: 2 weeks after a 2-day warm-up, 6 paired replications.
  const common = ['horizon=16d', 'warmup=2d'];

  it('finds two more engineers cut MTTA, with a paired interval narrower than the unpaired one', async () => {
    const c = await compareVariants('scenarios/mmc.yaml', [parseVariant('c20'), parseVariant('c22:teams[0].engineers.count=22')], {
      replications: 6,
      workers: 1,
      common,
    });
    expect(c.baseline).toBe('c20');
    expect(c.replications).toBe(6);
    const mtta = c.kpis.find((k) => k.kpi === 'mtta')!;
    expect(mtta.paired[0]).toBeUndefined();
    const paired = mtta.paired[1]!;
    const unpaired = mtta.unpaired[1]!;
    // Erlang C: Wq(20 agents) = 16.5 min, Wq(22) = 4.2 min, so the difference is about −12.4 min.
    expect(paired.mean).toBeLessThan(0);
    expect(paired.significant).toBe(true);
    expect(paired.ci95[1]).toBeLessThan(0);
    expect(paired.ci95[1] - paired.ci95[0]).toBeLessThan(unpaired.ci95[1] - unpaired.ci95[0]);
    // utilisation falls from 0.9 to 18/22 = 0.818
    const util = c.kpis.find((k) => k.kpi === 'utilisation')!;
    expect(util.paired[1]!.mean).toBeLessThan(0);
  });

  it('finds no difference between two variants that are the same policy: every interval contains 0', async () => {
    const c = await compareVariants('scenarios/mmc.yaml', [parseVariant('a:policy=least-loaded'), parseVariant('b:policy=least-loaded')], { replications: 3, workers: 1, common });
    const compared = c.kpis.filter((k) => k.paired[1] !== undefined);
    expect(compared.length).toBeGreaterThan(8);
    for (const k of compared) {
      const d = k.paired[1]!;
      expect(d.ci95[0], k.kpi).toBeLessThanOrEqual(0);
      expect(d.ci95[1], k.kpi).toBeGreaterThanOrEqual(0);
      expect(d.significant, k.kpi).toBe(false);
    }
  });

  it('refuses duplicate names, a missing baseline and a single variant', async () => {
    await expect(compareVariants('scenarios/mmc.yaml', [parseVariant('a'), parseVariant('a')])).rejects.toThrow(/given twice/);
    await expect(compareVariants('scenarios/mmc.yaml', [parseVariant('a')])).rejects.toThrow(/at least two variants/);
    await expect(compareVariants('scenarios/mmc.yaml', [parseVariant('a'), parseVariant('b')], { baseline: 'z' })).rejects.toThrow(/no variant named "z"/);
  });
});

describe('bundled comparison files', () => {
  it.each(readdirSync('scenarios/compare').filter((f) => f.endsWith('.yaml')))('scenarios/compare/%s names a scenario that validates and at least two variants', (f) => {
    const cf = readComparisonFile(`scenarios/compare/${f}`);
    expect(cf.variants.length).toBeGreaterThanOrEqual(2);
    const scenario = join('scenarios/compare', cf.scenario!);
    for (const v of cf.variants) expect(() => loadScenario(scenario, { overrides: v.set }), v.name).not.toThrow();
  });
});
