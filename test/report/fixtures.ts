/**
 * Reports built from real, short runs of the bundled scenarios (shared by the report tests):
 * a run of the default scenario, a comparison and a staffing search on mmc.yaml, and a drill.
 */
import { readFileSync } from 'node:fs';
import { compareVariants, parseVariant } from '../../src/decide/compare.js';
import { drillProbabilities, loadDrill, runDrill } from '../../src/decide/drill.js';
import { parseStaffTarget, staff } from '../../src/decide/staff.js';
import { buildComparisonReport } from '../../src/report/compare-report.js';
import { buildDrillReport } from '../../src/report/drill-report.js';
import { buildReplayReport, routingText } from '../../src/report/replay-report.js';
import { replay } from '../../src/replay/index.js';
import { tinyScenario } from '../sim/helpers.js';
import { buildRunReport } from '../../src/report/run-report.js';
import { buildStaffingReport } from '../../src/report/staff-report.js';
import type { Report } from '../../src/report/types.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';

const short = ['horizon=16d', 'warmup=2d'];

/** A replay of hand-made history (two weeks, P1 and P3, resolve times spread over hours) through a tiny scenario. */
function replayReport(): Report {
  const start = Date.parse('2026-11-23T00:00:00Z');
  const history = Array.from({ length: 60 }, (_, i) => {
    const opened = start + Math.round(i * 14 * 1440 / 60 + 37) * 60_000;
    return { id: `H${i}`, openedAt: opened, resolvedAt: i % 7 === 6 ? undefined : opened + (20 + ((i * 53) % 240)) * 60_000, priority: i % 5 === 0 ? 'P1' : 'P3', group: 'Desk', reassignments: i % 3 === 0 ? 1 : 0 };
  });
  const scenario = tinyScenario({ horizon: '14d', replications: 3, teams: [{ id: 'desk', tier: 1, engineers: { count: 2 }, queue: 'fifo' }] });
  return buildReplayReport(replay(history, scenario, { drain: 10080 }), { file: 'history.jsonl', scenario: scenario.name, policy: routingText(scenario), seed: scenario.seed ?? 1, drainWeeks: 1, runDate: '2026-11-22T12:00:00.000Z' });
}

export async function buildAll(): Promise<Record<'run' | 'compare' | 'staff' | 'drill' | 'tiny' | 'replay', Report>> {
  const { scenario, source } = loadScenario('scenarios/default.yaml', { overrides: [...short, 'replications=3'] });
  const run = runScenario(scenario);
  const c = await compareVariants('scenarios/mmc.yaml', [parseVariant('c20'), parseVariant('c22:teams[0].engineers.count=22')], { replications: 4, workers: 1, common: short });
  const s = await staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P3 respond 20m 80%'), parseStaffTarget('P3 resolve 30m 80%')], replications: 4, workers: 1, set: short });
  const drill = loadDrill('scenarios/drills/primary-does-not-answer.yaml');
  // The smallest case: one engineer, one replication (no interval anywhere).
  const tiny = loadScenario('scenarios/mmc.yaml', { overrides: [...short, 'replications=1', 'teams[0].engineers.count=1', 'arrivals[0].rate.perHour=0.6'] });
  const tinyRun = runScenario(tiny.scenario);
  return {
    run: buildRunReport(run.summary, run.incidents, source, { wallTimeSeconds: run.wallSeconds, runDate: '2026-11-22T12:00:00.000Z' }),
    compare: buildComparisonReport(c),
    staff: buildStaffingReport(s),
    drill: buildDrillReport(drill, runDrill(drill), drillProbabilities(drill, 20)),
    tiny: buildRunReport(tinyRun.summary, tinyRun.incidents, tiny.source, { wallTimeSeconds: tinyRun.wallSeconds, runDate: '2026-11-22T12:00:00.000Z' }),
    replay: replayReport(),
  };
}

export const defaultSource = () => readFileSync('scenarios/default.yaml', 'utf8');
