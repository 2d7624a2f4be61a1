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
import { buildRunReport } from '../../src/report/run-report.js';
import { buildStaffingReport } from '../../src/report/staff-report.js';
import type { Report } from '../../src/report/types.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/sim/run.js';

const short = ['horizon=16d', 'warmup=2d'];

export async function buildAll(): Promise<Record<'run' | 'compare' | 'staff' | 'drill' | 'tiny', Report>> {
  const { scenario, source } = loadScenario('scenarios/default.yaml', { overrides: [...short, 'replications=3'] });
  const run = runScenario(scenario);
  const c = await compareVariants('scenarios/mmc.yaml', [parseVariant('c20'), parseVariant('c22:teams[0].engineers.count=22')], { replications: 4, workers: 1, common: short });
  const s = await staff('scenarios/mmc.yaml', { targets: [parseStaffTarget('P3 respond 20m 80%')], replications: 4, workers: 1, set: short });
  const drill = loadDrill('scenarios/drills/primary-does-not-answer.yaml');
  // The smallest case: one engineer, one replication (no interval anywhere).
  const tiny = loadScenario('scenarios/mmc.yaml', { overrides: [...short, 'replications=1', 'teams[0].engineers.count=1', 'arrivals[0].rate.perHour=0.6'] });
  const tinyRun = runScenario(tiny.scenario);
  return {
    run: buildRunReport(run.summary, run.incidents, source, { wallTimeSeconds: run.wallSeconds, runDate: '2026-11-22T12:00:00.000Z' }),
    compare: buildComparisonReport(c),
    staff: buildStaffingReport('mmc', s),
    drill: buildDrillReport(drill, runDrill(drill), drillProbabilities(drill, 20)),
    tiny: buildRunReport(tinyRun.summary, tinyRun.incidents, tiny.source, { wallTimeSeconds: tinyRun.wallSeconds, runDate: '2026-11-22T12:00:00.000Z' }),
  };
}

export const defaultSource = () => readFileSync('scenarios/default.yaml', 'utf8');
