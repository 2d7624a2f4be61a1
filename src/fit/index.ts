/** Calibration from imported history: distributions by maximum likelihood, arrival profiles, teams. */
export { fitHistory, slug } from './history.js';
export type { FitOptions, FitResult, FittedClass, FittedTeam, WeekVolume } from './history.js';
export { empiricalQuantiles, empiricalSpec, fitDurations, matchAt, quantileSorted, quantilesCdf, sampleStats } from './select.js';
export type { Candidate, DurationFit, Empirical, FitDurationsOptions } from './select.js';
export { FAMILIES, FAMILY_NAMES } from './families/index.js';
export type { FitFamily, FittedDistribution, SampleStats } from './families/index.js';
export { ksCritical05, ksStatistic } from './ks.js';
export { scenarioYaml, describeFit } from './scenario.js';
export { checkFit, mixtureMedian } from './check.js';
export type { PriorityCheck, WorkMode } from './check.js';
export type { ScenarioTextOptions } from './scenario.js';
