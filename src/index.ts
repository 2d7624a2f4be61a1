/** The incisim library API. The CLI is a thin face over these exports. */
export { Simulation, NO_EVENT } from './kernel/simulation.js';
export { DOUBLE_ZERO } from './kernel/numbers.js';
export type { EventHandler, EventId, RunOptions } from './kernel/simulation.js';
export { RandomStreams, createStream, replicationSeed } from './kernel/rng.js';
export type { Random } from './kernel/rng.js';
export { UserError } from './errors.js';
export { VERSION } from './version.js';

// Distributions, durations and queueing theory.
export { parseDistribution, families as distributionFamilies } from './kernel/distributions/index.js';
export type { Distribution } from './kernel/distributions/index.js';
export { parseDuration, formatDuration } from './kernel/duration.js';
export { erlangB, erlangC, serviceLevel, probabilityOfWait, averageSpeedOfAnswer, occupancy, agentsForServiceLevel, squareRootStaffing, erlangA } from './analytic/erlang.js';

// The assignment engine (no simulation inside: a live system calls it with wall-clock minutes).
export { AssignmentEngine } from './engine/engine.js';
export type { Decision, Ticket, RosterSpec, TeamSpec, EngineerSpec, Presence, EngineOptions, Candidate } from './engine/types.js';
export { ROUTING_POLICIES, createRoutingPolicy } from './policies/routing/index.js';
export { ESCALATION_POLICIES, createEscalationPolicy } from './policies/escalation/index.js';

// Scenarios, simulation and figures.
export { loadScenario, validateScenario, scenarioProblems, withOverrides } from './scenario/load.js';
export type { Scenario } from './scenario/schema.js';
export { buildModel } from './model/build.js';
export { runScenario, runOne } from './sim/run.js';
export { runScenarioParallel } from './sim/parallel.js';
export { summarise, pairedDifference, unpairedDifference } from './metrics/summary.js';
export type { Summary, Estimate, ReplicationMetrics } from './metrics/types.js';

// Decisions.
export { compareVariants, parseVariant } from './decide/compare.js';
export { staff, parseStaffTarget } from './decide/staff.js';
export { loadDrill, runDrill, drillProbabilities } from './decide/drill.js';
