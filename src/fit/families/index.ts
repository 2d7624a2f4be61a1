import { exponentialFamily } from './exponential.js';
import { gammaFamily } from './gamma.js';
import { lognormalFamily } from './lognormal.js';
import type { FitFamily } from './types.js';
import { weibullFamily } from './weibull.js';

export type { FitFamily, FittedDistribution, SampleStats } from './types.js';

/** The families `fit` chooses among, by name. */
export const FAMILIES: Record<string, FitFamily> = {
  lognormal: lognormalFamily,
  gamma: gammaFamily,
  weibull: weibullFamily,
  exponential: exponentialFamily,
};

export const FAMILY_NAMES = Object.keys(FAMILIES);
