import { UserError } from '../errors.js';

/**
 * Erlang B and Erlang C queueing formulas (M/M/c/c and M/M/c), and staffing for a service-level
 * target. Loads are in Erlangs (arrival rate × mean service time); times are minutes.
 */

function checkServers(servers: number, what = 'servers'): void {
  if (!Number.isInteger(servers) || servers < 0) throw new UserError(`${what}: invalid value ${servers}; expected a whole number ≥ 0`);
}

function checkLoad(load: number): void {
  if (!Number.isFinite(load) || load < 0) throw new UserError(`offered load: invalid value ${load}; expected a finite number of Erlangs ≥ 0`);
}

/**
 * Erlang B blocking probability for `servers` servers and `offeredLoad` Erlangs, via the stable
 * recursion B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1)). Exact to rounding for thousands of servers.
 */
export function erlangB(servers: number, offeredLoad: number): number {
  checkServers(servers);
  checkLoad(offeredLoad);
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b);
  return b;
}

/**
 * Erlang C probability that an arrival waits, for `servers` servers and `offeredLoad` Erlangs:
 * C = c·B / (c − A(1 − B)) with B the Erlang B value. Returns 1 when A ≥ c (unstable queue).
 */
export function erlangC(servers: number, offeredLoad: number): number {
  checkServers(servers);
  checkLoad(offeredLoad);
  if (offeredLoad >= servers) return 1;
  const b = erlangB(servers, offeredLoad);
  return (servers * b) / (servers - offeredLoad * (1 - b));
}

/** An M/M/c staffing question: Poisson arrivals per hour, mean handling time and agents on duty. */
export interface ErlangQuestion {
  /** Arrivals per hour (> 0). */
  arrivalsPerHour: number;
  /** Mean handling (service) time in minutes (> 0). */
  ahtMinutes: number;
  /** Agents answering (whole number ≥ 1). */
  agents: number;
}

function validate(q: { arrivalsPerHour: number; ahtMinutes: number }): void {
  if (!Number.isFinite(q.arrivalsPerHour) || q.arrivalsPerHour <= 0) throw new UserError(`arrivals per hour: invalid value ${q.arrivalsPerHour}; expected a rate > 0`);
  if (!Number.isFinite(q.ahtMinutes) || q.ahtMinutes <= 0) throw new UserError(`average handling time: invalid value ${q.ahtMinutes}; expected minutes > 0`);
}

/** Offered load in Erlangs: arrivals per minute × AHT in minutes. */
export function offeredLoad(q: { arrivalsPerHour: number; ahtMinutes: number }): number {
  validate(q);
  return (q.arrivalsPerHour / 60) * q.ahtMinutes;
}

/** Probability that an arrival waits at all (Erlang C). */
export function probabilityOfWait(q: ErlangQuestion): number {
  checkServers(q.agents, 'agents');
  return erlangC(q.agents, offeredLoad(q));
}

/**
 * Service level: probability that an arrival waits at most `targetMinutes`,
 * 1 − C·exp(−(c − A)·t / AHT). Zero when the queue is unstable (A ≥ c).
 */
export function serviceLevel(q: ErlangQuestion & { targetMinutes: number }): number {
  if (!Number.isFinite(q.targetMinutes) || q.targetMinutes < 0) throw new UserError(`target: invalid value ${q.targetMinutes}; expected minutes ≥ 0`);
  const a = offeredLoad(q);
  checkServers(q.agents, 'agents');
  if (a >= q.agents) return 0;
  const c = erlangC(q.agents, a);
  return 1 - c * Math.exp((-(q.agents - a) * q.targetMinutes) / q.ahtMinutes);
}

/** Average speed of answer (mean wait of all arrivals) in minutes: C·AHT / (c − A); ∞ if unstable. */
export function averageSpeedOfAnswer(q: ErlangQuestion): number {
  const a = offeredLoad(q);
  checkServers(q.agents, 'agents');
  if (a >= q.agents) return Infinity;
  return (erlangC(q.agents, a) * q.ahtMinutes) / (q.agents - a);
}

/** Agent occupancy A / c (capped at 1 when the queue is unstable). */
export function occupancy(q: ErlangQuestion): number {
  checkServers(q.agents, 'agents');
  return Math.min(1, offeredLoad(q) / q.agents);
}

/** The answer to a staffing question. */
export interface StaffingAnswer {
  /** Fewest agents on duty meeting the target. */
  agents: number;
  /** Positions to roster: ceil(agents / (1 − shrinkage)). */
  positions: number;
  offeredErlangs: number;
  serviceLevel: number;
  probabilityOfWait: number;
  occupancy: number;
  asaMinutes: number;
}

/**
 * Smallest number of agents whose service level (share answered within `targetMinutes`) is at
 * least `serviceLevel`, plus the positions needed when a share `shrinkage` ∈ [0, 1) of paid time is
 * unavailable. Positions are rounded up after removing float noise (14 / 0.7 is 20, not 21). The
 * search walks the Erlang B recursion once, so it costs O(agents) even for thousands of agents.
 */
export function agentsForServiceLevel(q: {
  arrivalsPerHour: number;
  ahtMinutes: number;
  targetMinutes: number;
  serviceLevel: number;
  shrinkage?: number;
}): StaffingAnswer {
  const a = offeredLoad(q);
  if (!Number.isFinite(q.serviceLevel) || q.serviceLevel <= 0 || q.serviceLevel >= 1) throw new UserError(`service level: invalid value ${q.serviceLevel}; expected a share strictly between 0 and 1 (e.g. 0.8)`);
  const shrinkage = q.shrinkage ?? 0;
  if (!Number.isFinite(shrinkage) || shrinkage < 0 || shrinkage >= 1) throw new UserError(`shrinkage: invalid value ${shrinkage}; expected a share in [0, 1) (e.g. 0.3)`);
  if (!Number.isFinite(q.targetMinutes) || q.targetMinutes < 0) throw new UserError(`target: invalid value ${q.targetMinutes}; expected minutes ≥ 0`);
  // One pass of the Erlang B recursion, testing each stable headcount as it is reached: O(answer).
  let agents = 0;
  let b = 1;
  for (;;) {
    agents++;
    b = (a * b) / (agents + a * b);
    if (agents <= a) continue;
    const c = (agents * b) / (agents - a * (1 - b));
    if (1 - c * Math.exp((-(agents - a) * q.targetMinutes) / q.ahtMinutes) >= q.serviceLevel) break;
  }
  const one = { ...q, agents };
  return {
    agents,
    positions: Math.ceil(agents / (1 - shrinkage) - 1e-9),
    offeredErlangs: a,
    serviceLevel: serviceLevel(one),
    probabilityOfWait: erlangC(agents, a),
    occupancy: occupancy(one),
    asaMinutes: averageSpeedOfAnswer(one),
  };
}

/**
 * Square-root staffing: ⌈A + β√A⌉ agents for `offeredLoad` A Erlangs and quality parameter β ≥ 0
 * (β ≈ 0.5 efficiency-driven, 1–2 quality-driven). In the Halfin–Whitt regime P(wait) tends to
 * 1 / (1 + βΦ(β)/φ(β)) as A grows.
 */
export function squareRootStaffing(offeredLoad: number, beta: number): number {
  checkLoad(offeredLoad);
  if (!Number.isFinite(beta) || beta < 0) throw new UserError(`beta: invalid value ${beta}; expected a number ≥ 0 (e.g. 1)`);
  return Math.max(1, Math.ceil(offeredLoad + beta * Math.sqrt(offeredLoad) - 1e-9));
}

/** Steady state of an Erlang A (M/M/c+M) queue: callers abandon after an exponential patience. */
export interface ErlangAResult {
  /** Share of arrivals that find all agents busy. */
  probabilityOfWait: number;
  /** Share of arrivals that abandon before being answered. */
  probabilityOfAbandon: number;
  /** Mean time in queue over all arrivals (answered or abandoned), minutes: E[queue]/λ. */
  meanWaitMinutes: number;
  /** Mean number waiting. */
  meanQueue: number;
  /** Mean share of agents busy. */
  occupancy: number;
}

/**
 * Erlang A: M/M/c with exponential patience of mean `patienceMinutes` (> 0). Solved exactly as the
 * birth–death chain (birth λ, death min(k, c)μ + max(k − c, 0)θ) in log space, summed until the
 * state probabilities are falling and e⁻⁴⁰ below the largest; stable for any load, because
 * abandonment always bounds the queue.
 */
export function erlangA(q: ErlangQuestion & { patienceMinutes: number }): ErlangAResult {
  const a = offeredLoad(q);
  checkServers(q.agents, 'agents');
  if (q.agents < 1) throw new UserError(`agents: invalid value ${q.agents}; expected a whole number ≥ 1`);
  if (!Number.isFinite(q.patienceMinutes) || q.patienceMinutes <= 0) throw new UserError(`patience: invalid value ${q.patienceMinutes}; expected minutes > 0`);
  const lambda = q.arrivalsPerHour / 60;
  const mu = 1 / q.ahtMinutes;
  const theta = 1 / q.patienceMinutes;
  const c = q.agents;
  // log π_k (unnormalised) for k = 0, 1, …; stop once past the mode and negligible.
  const logs: number[] = [0];
  let max = 0;
  for (let k = 1; ; k++) {
    const death = Math.min(k, c) * mu + Math.max(k - c, 0) * theta;
    const lp = logs[k - 1] + Math.log(lambda / death);
    logs.push(lp);
    if (lp > max) max = lp;
    if (death > lambda && lp < max - 40) break;
    if (k > 1e7) throw new UserError(`patience: ${q.patienceMinutes} minutes is too long for an Erlang A solution at ${a.toFixed(1)} Erlangs on ${c} agents; use Erlang C`);
  }
  let total = 0;
  let waiting = 0;
  let queue = 0;
  let busy = 0;
  for (let k = 0; k < logs.length; k++) {
    const p = Math.exp(logs[k] - max);
    total += p;
    if (k >= c) {
      waiting += p;
      queue += (k - c) * p;
    }
    busy += Math.min(k, c) * p;
  }
  const meanQueue = queue / total;
  return {
    probabilityOfWait: waiting / total,
    probabilityOfAbandon: (theta * meanQueue) / lambda,
    meanWaitMinutes: meanQueue / lambda,
    meanQueue,
    occupancy: busy / total / c,
  };
}
