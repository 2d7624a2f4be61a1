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
