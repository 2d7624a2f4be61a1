import { UserError } from '../errors.js';
import { createStream, type Random } from '../kernel/rng.js';
import { Simulation } from '../kernel/simulation.js';

/**
 * An M/M/c FIFO queue simulated on the bare kernel (no incident model), used to validate the
 * kernel and the random streams against Erlang C (see test/analytic/mmc.test.ts) and as the
 * kernel side of the benchmark's reference model. Times are minutes.
 */
export interface MMcOptions {
  /** Number of servers c (whole number ≥ 1). */
  servers: number;
  /** Poisson arrival rate, per hour (> 0). */
  arrivalsPerHour: number;
  /** Mean exponential service time in minutes (> 0). */
  meanServiceMinutes: number;
  /** Customers to generate; the run continues until all of them have left. */
  customers: number;
  /** The first `warmupCustomers` arrivals are left out of the waiting statistics (default 0). */
  warmupCustomers?: number;
  /** Seed of the run: arrivals and services come from separate streams `<seed>#arrivals` and `<seed>#service`. */
  seed: string;
}

export interface MMcResult {
  /** Customers after the warm-up that the waiting statistics cover. */
  measured: number;
  /** Mean wait in queue (minutes) of measured customers. */
  meanWait: number;
  /** Share of measured customers who waited (found all servers busy). */
  probabilityOfWait: number;
  /** Little's law over the whole run, which starts and ends empty: L = λ·W holds exactly on the path. */
  little: {
    /** Time-average number in system over [0, end]. */
    meanInSystem: number;
    /** Customers per minute over [0, end]. */
    throughput: number;
    /** Mean time in system (minutes) of all customers. */
    meanSojourn: number;
  };
  /** Kernel events run (two per customer: arrival and departure). */
  events: number;
  /** Simulated time (minutes) when the last customer left. */
  endTime: number;
}

/** Simulate an M/M/c FIFO queue on {@link Simulation}. Same options ⇒ identical result. */
export function simulateMMc(o: MMcOptions): MMcResult {
  if (!Number.isInteger(o.servers) || o.servers < 1) throw new UserError(`servers: invalid value ${o.servers}; expected a whole number ≥ 1`);
  if (!(o.arrivalsPerHour > 0 && Number.isFinite(o.arrivalsPerHour))) throw new UserError(`arrivalsPerHour: invalid value ${o.arrivalsPerHour}; expected a rate > 0`);
  if (!(o.meanServiceMinutes > 0 && Number.isFinite(o.meanServiceMinutes))) throw new UserError(`meanServiceMinutes: invalid value ${o.meanServiceMinutes}; expected minutes > 0`);
  if (!Number.isInteger(o.customers) || o.customers < 1) throw new UserError(`customers: invalid value ${o.customers}; expected a whole number ≥ 1`);
  const warmup = o.warmupCustomers ?? 0;
  const meanInterarrival = 60 / o.arrivalsPerHour;
  const meanService = o.meanServiceMinutes;
  const arrivals: Random = createStream(`${o.seed}#arrivals`);
  const service: Random = createStream(`${o.seed}#service`);
  const sim = new Simulation();

  // FIFO of waiting customers as a growable ring buffer of (arrival time, index).
  let cap = 1024;
  let qTime = new Float64Array(cap);
  let qIndex = new Int32Array(cap);
  let head = 0;
  let length = 0;

  let busy = 0;
  let generated = 0;
  let inSystem = 0;
  let lastChange = 0;
  let area = 0;
  let totalSojourn = 0;
  let measured = 0;
  let waited = 0;
  let totalWait = 0;

  const change = (now: number, delta: number) => {
    area += inSystem * (now - lastChange);
    lastChange = now;
    inSystem += delta;
  };
  const record = (index: number, wait: number) => {
    if (index < warmup) return;
    measured++;
    totalWait += wait;
    if (wait > 0) waited++;
  };
  const depart = (arrivedAt: number, s: Simulation) => {
    change(s.now, -1);
    totalSojourn += s.now - arrivedAt;
    if (length > 0) {
      const t = qTime[head];
      const i = qIndex[head];
      head = (head + 1) % cap;
      length--;
      record(i, s.now - t);
      s.schedule(-meanService * Math.log(1 - service()), depart, t);
    } else busy--;
  };
  const arrive = (_: undefined, s: Simulation) => {
    const index = generated++;
    change(s.now, +1);
    if (generated < o.customers) s.schedule(-meanInterarrival * Math.log(1 - arrivals()), arrive);
    if (busy < o.servers) {
      busy++;
      record(index, 0);
      s.schedule(-meanService * Math.log(1 - service()), depart, s.now);
      return;
    }
    if (length === cap) {
      const t = new Float64Array(cap * 2);
      const ix = new Int32Array(cap * 2);
      for (let k = 0; k < length; k++) {
        t[k] = qTime[(head + k) % cap];
        ix[k] = qIndex[(head + k) % cap];
      }
      qTime = t;
      qIndex = ix;
      head = 0;
      cap *= 2;
    }
    const tail = (head + length) % cap;
    qTime[tail] = s.now;
    qIndex[tail] = index;
    length++;
  };

  sim.schedule(-meanInterarrival * Math.log(1 - arrivals()), arrive);
  sim.run();
  const end = sim.now;
  return {
    measured,
    meanWait: measured > 0 ? totalWait / measured : NaN,
    probabilityOfWait: measured > 0 ? waited / measured : NaN,
    little: { meanInSystem: area / end, throughput: o.customers / end, meanSojourn: totalSojourn / o.customers },
    events: sim.eventCount,
    endTime: end,
  };
}
