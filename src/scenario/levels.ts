/**
 * Impact and urgency levels, highest first: the order of every per-level list (the priority
 * matrix's rows and cells, `ClassModel.impact` and `urgency`). A module of its own, free of the
 * schema's library, so that the simulation and the fits can read it without loading that.
 */
export const LEVELS = ['high', 'medium', 'low'] as const;
