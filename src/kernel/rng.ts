import seedrandom from 'seedrandom';

/** A source of uniform random numbers in [0, 1). Distributions sample from one of these. */
export type Random = () => number;

/**
 * Seed of replication `index` of a scenario whose seed is `scenarioSeed`. Replications are
 * independent: each one's streams derive from this string alone.
 */
export function replicationSeed(scenarioSeed: number | string, index: number): string {
  return `${scenarioSeed}/rep${index}`;
}

/** A seeded stream (Alea, via seedrandom) for the given seed string. */
export function createStream(seed: string): Random {
  return seedrandom.alea(seed) as Random;
}

/**
 * Named random streams of one replication. `stream('arrivals')` always returns the same stream
 * object for a name, seeded from (replication seed, name): two runs of the same replication that
 * differ only in policy see the same numbers on every stream they both draw from (common random
 * numbers), because no stream's draws depend on another's.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Random>();
  constructor(readonly seed: string) {}

  stream(name: string): Random {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = createStream(`${this.seed}#${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
