/**
 * Known errors and closure codes (#19). A class's `knownError.share` of incidents match an article
 * and take `workFactor` × the work of every step of their path (a workaround applied); once
 * problem management has solved a cause, its known error is published and every later incident of
 * that cause matches it (with the cause's workFactor). Closure codes are drawn per class; a
 * known-error match closes as solved-workaround when the class lists that code.
 */
import type { Random } from '../../kernel/rng.js';
import type { ClassModel } from '../../model/types.js';
import type { Path, Replication } from './state.js';

/** The code a known-error match closes with, when its class lists it. */
export const WORKAROUND_CODE = 'solved-workaround';

/**
 * Draws (from the class's content stream) whether the incident matches a known error; returns its
 * work factor, or −1 for no match. `cause` is the index of its problem cause (−1: none): a solved
 * cause's published article matches whatever the draw.
 */
export function drawKnownError(rep: Replication, cls: ClassModel, r: Random, cause: number): number {
  const u = r();
  const c = cause >= 0 ? rep.problems?.causes[cause] : undefined;
  if (c && c.solvedAt <= rep.sim.now) return c.model.workFactor;
  return cls.knownError && u < cls.knownError.share ? cls.knownError.workFactor : -1;
}

/** Applies a known-error match to the real steps of a path (misroute detection is not shortened). */
export function applyKnownError(rep: Replication, steps: Path, factor: number): void {
  for (let i = 0; i < steps.length; i += 2) if (!rep.kinds[steps[i]].misroute) steps[i + 1] *= factor;
}

/** Draws a closure code from the class's weights (a known-error match closes as solved-workaround when listed). */
export function drawClosureCode(cls: ClassModel, r: Random, knownError: boolean): string {
  const cc = cls.closureCodes!;
  const u = r() * cc.cum[cc.cum.length - 1];
  if (knownError && cc.codes.includes(WORKAROUND_CODE)) return WORKAROUND_CODE;
  let k = 0;
  while (k < cc.cum.length - 1 && u >= cc.cum[k]) k++;
  return cc.codes[k];
}
