import { buildModel } from '../../../src/model/build.js';
import { runReplication, type ScriptedIncident, type TraceEvent } from '../../../src/sim/lifecycle/index.js';
import type { Scenario } from '../../../src/scenario/schema.js';
import { validateScenario } from '../../../src/scenario/load.js';

/** Runs replication 0 of `scenario` (validated first) with only the scripted incidents, keeping the event log. */
export function runScript(scenario: Scenario, script: ScriptedIncident[], extra: { noArrivals?: boolean; index?: number } = {}) {
  const trace: TraceEvent[] = [];
  const model = buildModel(validateScenario(scenario, 'test'));
  const out = runReplication(model, { index: extra.index ?? 0, script, noArrivals: extra.noArrivals ?? true, trace: (e) => trace.push(e) });
  return { out, trace, model };
}

/** |observed share − p| within 4 standard errors of a binomial share over n trials (a 99.99% band). */
export function binomialBand(p: number, n: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}
