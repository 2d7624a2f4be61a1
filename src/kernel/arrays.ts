/**
 * Empty arrays made in the elements kind they will have, for arrays made anew per run (per
 * replication) that code optimised on an earlier run's arrays reads.
 *
 * V8 gives an array an elements kind (small integers, doubles, anything), and `[]` starts with
 * small integers: its first object or string changes the array's kind, and with it its map. Code
 * optimised on the previous replication's arrays, long since of object kind, meets the next
 * replication's fresh `[]` with the other map and is thrown away ("wrong map"): on default.yaml the
 * engine's outbox alone deoptimised four of its functions at the start of every replication but
 * the first in a thread. An array that starts in its final kind has its final map from the start.
 * Kinds only ever widen, so an array made of object kind stays so.
 */
import { DOUBLE_ZERO } from './numbers.js';

/** An empty array that will hold objects, strings or functions (object elements kind). */
export function objectArray<T>(): T[] {
  const a: T[] = [undefined as T];
  a.pop();
  return a;
}

/** An array of `n` zeros (−0) of packed double elements kind: a buffer written in place, whose stores are all within its length. */
export function doubles(n: number): number[] {
  const a = [DOUBLE_ZERO]; // (a literal of −0 is of double kind; `n` more pushed, the first one dropped)
  for (let i = 0; i < n; i++) a.push(DOUBLE_ZERO);
  a.pop();
  return a;
}

/** An array of `n` empty slots that will hold objects or functions (holey, object elements kind). */
export function objectSlots<T>(n: number): (T | undefined)[] {
  return new Array<T | undefined>(n).fill(undefined);
}
