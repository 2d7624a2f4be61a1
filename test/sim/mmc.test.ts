/**
 * The whole lifecycle (arrivals → engine → queue → work → resolve), not just the kernel, on the
 * M/M/c validation scenario: one 24x7 team of c engineers, Poisson arrivals, exponential work,
 * FIFO, no paging. For queued help-desk work acknowledgement is the moment work starts, so MTTA is
 * the M/M/c mean wait in queue, Wq = C(c, A) / (cμ − λ) (Erlang C). The test passes when theory
 * lies inside the 95% interval of the simulated replications (a test that fails about 1 time in 20
 * for an unlucky seed; the seed is fixed, so it is deterministic).
 */
import { describe, expect, it } from 'vitest';
import { erlangC } from '../../src/analytic/erlang.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';

function theory(c: number, perHour: number, meanWorkMinutes: number) {
  const lambda = perHour / 60;
  const mu = 1 / meanWorkMinutes;
  const A = lambda / mu;
  const pWait = erlangC(c, A);
  return { pWait, wq: pWait / (c * mu - lambda), utilisation: A / c };
}

function simulate(overrides: string[]) {
  const { scenario } = loadScenario('scenarios/mmc.yaml', { overrides });
  const run = runScenario(scenario);
  return { run, scenario };
}

describe('the full lifecycle on mmc.yaml reproduces Erlang C', () => {
  it('mean MTTA contains the Erlang C mean wait in its 95% interval (bundled parameters)', () => {
    const { run, scenario } = simulate([]);
    const team = scenario.teams[0];
    const c = (team.engineers as { count: number }).count;
    const perHour = (scenario.arrivals[0].rate as { perHour: number }).perHour;
    const t = theory(c, perHour, 60);
    const mtta = run.summary.kpis.mtta;
    expect(mtta.ci95).toBeDefined();
    const [lo, hi] = mtta.ci95!;
    expect(lo).toBeLessThanOrEqual(t.wq);
    expect(hi).toBeGreaterThanOrEqual(t.wq);
    // utilisation = offered load per server, λ/(cμ)
    const [ulo, uhi] = run.summary.kpis.utilisation.ci95!;
    expect(ulo).toBeLessThanOrEqual(t.utilisation);
    expect(uhi).toBeGreaterThanOrEqual(t.utilisation);
  });

  it('still holds with parameters changed by --set (22 engineers, 19 an hour)', () => {
    const { run } = simulate(['teams[0].engineers.count=22', 'arrivals[0].rate.perHour=19']);
    const t = theory(22, 19, 60);
    const [lo, hi] = run.summary.kpis.mtta.ci95!;
    expect(lo).toBeLessThanOrEqual(t.wq);
    expect(hi).toBeGreaterThanOrEqual(t.wq);
  });

  it("obeys Little's law: mean number in system = λ · mean time in system", () => {
    const { run } = simulate(['replications=3']);
    // ratio of time-averaged number in system to λ·W over the window; edge effects at the window
    // boundaries are O(1/window), so 2% is generous for four weeks at 18 an hour
    for (const r of run.replications) expect(Math.abs(r.kpis.littleLawRatio - 1)).toBeLessThan(0.02);
  });
});
