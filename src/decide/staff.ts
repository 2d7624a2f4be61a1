/**
 * Staffing: the smallest headcount per team that meets every SLA target with the stated
 * confidence. It starts from queueing theory — each team's offered load (arrival rate × chance of
 * reaching the team × mean work ÷ incident share) through Erlang C for the tightest response
 * target — and then searches by simulation from that estimate: down while the targets still hold,
 * up until they do, team by team, repeated until no team changes. Every evaluation runs the same
 * replication indices (common random numbers), so neighbouring headcounts are compared fairly.
 *
 * A target holds when the lower end of the 95% interval of its attainment (over replications) is
 * at least the target share (`confidence: 'interval'`, the default), or when the mean is
 * (`confidence: 'mean'`).
 */
import { UserError } from '../errors.js';
import { agentsForServiceLevel } from '../analytic/erlang.js';
import { parseDuration } from '../kernel/duration.js';
import type { Estimate } from '../metrics/types.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/types.js';
import { loadScenario, withOverrides } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { runScenarioParallel } from '../sim/parallel.js';

export interface StaffTarget {
  priority: string;
  kind: 'respond' | 'resolve';
  /** minutes on the priority's calendar */
  within: number;
  /** required share, e.g. 0.95 */
  share: number;
  text: string;
}

/** Parses "P1 respond 15m 95%" or "P3 resolve 3d 0.9". */
export function parseStaffTarget(text: string, path = '--target'): StaffTarget {
  const m = /^\s*(\S+)\s+(respond|resolve|acknowledged|resolved)\s+(?:within\s+)?(\S+)\s+(?:for\s+)?([\d.]+)(%?)\s*$/.exec(text);
  if (!m) throw new UserError(`${path}: "${text}" is not a target; expected "<priority> respond|resolve <duration> <share>", e.g. "P1 respond 15m 95%"`);
  const share = Number(m[4]) / (m[5] === '%' ? 100 : 1);
  if (!(share > 0 && share < 1)) throw new UserError(`${path}: share ${m[4]}${m[5]} in "${text}" is not between 0 and 100%`);
  return { priority: m[1], kind: m[2].startsWith('resol') ? 'resolve' : 'respond', within: parseDuration(m[3], path), share, text: text.trim() };
}

/** Targets from the scenario's SLA block (each priority with a `target` share). */
export function scenarioTargets(model: Model): StaffTarget[] {
  const out: StaffTarget[] = [];
  for (const [p, s] of model.sla) {
    if (s.target === undefined) continue;
    if (s.respond !== undefined) out.push({ priority: p, kind: 'respond', within: s.respond, share: s.target, text: `${p} respond ${s.respond}m ${s.target * 100}%` });
    if (s.resolve !== undefined) out.push({ priority: p, kind: 'resolve', within: s.resolve, share: s.target, text: `${p} resolve ${s.resolve}m ${s.target * 100}%` });
  }
  return out;
}

export interface TeamLoad {
  team: string;
  /** arrivals per hour that reach the team */
  arrivalsPerHour: number;
  /** mean work minutes per incident at the team, stretched by 1 ÷ incident share */
  ahtMinutes: number;
  offeredErlangs: number;
  incidentShare: number;
}

/** Offered load per team from the scenario (steady-state average over the horizon). */
export function teamLoads(model: Model): TeamLoad[] {
  const perTeam = new Map<string, { rate: number; work: number }>();
  const horizon = model.horizon;
  for (const c of model.classes) {
    const perHour = (c.arrivals.expected(0, horizon) / horizon) * 60;
    const auto = c.autoRemediate?.probability ?? 0;
    let reach = perHour * (1 - auto);
    c.path.forEach((step, i) => {
      const cur = perTeam.get(step.team) ?? { rate: 0, work: 0 };
      cur.rate += reach;
      cur.work += reach * step.work.mean;
      perTeam.set(step.team, cur);
      reach *= i === c.path.length - 1 ? 0 : 1 - step.resolves;
    });
  }
  return model.teams.map((t) => {
    const l = perTeam.get(t.id) ?? { rate: 0, work: 0 };
    const members = model.engineers.filter((e) => e.team === t.id);
    const share = members.length ? members.reduce((s, e) => s + e.share, 0) / members.length : 1;
    const aht = l.rate > 0 ? l.work / l.rate / share : 0;
    return { team: t.id, arrivalsPerHour: l.rate, ahtMinutes: aht, offeredErlangs: (l.rate * aht) / 60, incidentShare: share };
  });
}

export interface StaffEvaluation {
  counts: Record<string, number>;
  /** per target text: attainment estimate */
  attainment: Record<string, Estimate | undefined>;
  meets: boolean;
}

export interface StaffAnswer {
  label: string;
  /** arrival-rate factor (1 = base load) */
  factor: number;
  counts: Record<string, number>;
  /**
   * Per team: its offered load, and the Erlang C agents and positions (with shrinkage) for the
   * tightest respond target; without one (resolve targets only) or without load, `agents` and
   * `positions` are absent and `note` says why.
   */
  analytic: Record<string, { offeredErlangs: number; agents?: number; positions?: number; note?: string }>;
  evaluations: StaffEvaluation[];
  met: boolean;
  /** why the search stopped without meeting the targets */
  note?: string;
}

/** Raises in a row without a significant gain before the search gives up (see search). */
export const PLATEAU = 3;

const pct = (v: number | undefined) => (v === undefined ? 'no data' : `${(v * 100).toFixed(1)}%`);

export interface StaffOptions {
  targets?: StaffTarget[];
  teams?: string[];
  replications?: number;
  confidence?: 'interval' | 'mean';
  peakFactor?: number;
  workers?: number;
  max?: number;
  set?: string[];
  onEvaluation?: (e: StaffEvaluation, label: string) => void;
}

function countPath(scenario: Scenario, team: string): string {
  const i = scenario.teams.findIndex((t) => t.id === team);
  const t = scenario.teams[i];
  if (Array.isArray(t.engineers)) throw new UserError(`teams[${i}].engineers: team "${team}" lists its engineers one by one; staffing needs a generated group ({ count: N, … }) to vary`);
  return `teams[${i}].engineers.count`;
}

/** Finds the smallest headcounts meeting every target, for the base load and (optionally) a peak. */
export async function staff(file: string, options: StaffOptions = {}): Promise<{ targets: StaffTarget[]; answers: StaffAnswer[] }> {
  const base = loadScenario(file, { overrides: [...(options.set ?? []), ...(options.replications ? [`replications=${options.replications}`] : [])] }).scenario;
  const model = buildModel(base);
  const targets = options.targets && options.targets.length ? options.targets : scenarioTargets(model);
  if (targets.length === 0) throw new UserError(`${file}: no SLA targets to staff for; give --target "P1 respond 15m 95%" or set priorities.sla.<P>.target in the scenario`);
  for (const t of targets) {
    if (!Object.values(base.priorities.matrix).some((row) => Object.values(row).includes(t.priority)) && !base.arrivals.some((a) => a.priority === t.priority)) {
      throw new UserError(`--target: priority "${t.priority}" in "${t.text}" is not a priority of the scenario`);
    }
  }
  // Default: every team whose engineers are a generated group ({ count: N }); teams listed one by one have no headcount to vary.
  const teams = options.teams ?? base.teams.filter((t) => !Array.isArray(t.engineers)).map((t) => t.id);
  if (teams.length === 0) throw new UserError(`${file}: no team has a generated group of engineers ({ count: N, … }) to vary; staffing needs one`);
  for (const t of teams) if (!base.teams.some((x) => x.id === t)) throw new UserError(`--team: unknown team "${t}"; expected one of ${base.teams.map((x) => x.id).join(', ')}`);
  if ((base.replications ?? 10) < 2 && (options.confidence ?? 'interval') === 'interval') throw new UserError('staff: the interval test needs at least 2 replications (use --replications)');
  const factors = [{ label: 'base', factor: 1 }, ...(options.peakFactor && options.peakFactor !== 1 ? [{ label: 'peak', factor: options.peakFactor }] : [])];
  const answers: StaffAnswer[] = [];
  for (const { label, factor } of factors) answers.push(await search(base, targets, teams, label, factor, options));
  return { targets, answers };
}

/** SLA overrides so that the metrics measure exactly the staffing targets. */
function targetOverrides(targets: StaffTarget[]): string[] {
  return targets.map((t) => `priorities.sla.${t.priority}.${t.kind}=${t.within}`);
}

function rateOverrides(scenario: Scenario, factor: number): string[] {
  if (factor === 1) return [];
  return scenario.arrivals.flatMap((a, i) => (['perHour', 'perDay', 'perWeek'] as const).filter((k) => a.rate[k] !== undefined).map((k) => `arrivals[${i}].rate.${k}=${a.rate[k]! * factor}`));
}

async function search(base: Scenario, targets: StaffTarget[], teams: string[], label: string, factor: number, options: StaffOptions): Promise<StaffAnswer> {
  const confidence = options.confidence ?? 'interval';
  const max = options.max ?? 500;
  const fixed = [...targetOverrides(targets), ...rateOverrides(base, factor)];
  const scaled = withOverrides(base, fixed);
  const model = buildModel(scaled);
  const loads = teamLoads(model);
  const respondTargets = targets.filter((t) => t.kind === 'respond');
  const analytic: StaffAnswer['analytic'] = {};
  const counts: Record<string, number> = {};
  for (const t of teams) {
    const l = loads.find((x) => x.team === t)!;
    const tight = respondTargets.length ? respondTargets.reduce((a, b) => (b.within < a.within ? b : a)) : undefined;
    if (l.arrivalsPerHour > 0 && tight) {
      const a = agentsForServiceLevel({ arrivalsPerHour: l.arrivalsPerHour, ahtMinutes: l.ahtMinutes, targetMinutes: tight.within, serviceLevel: tight.share, shrinkage: 1 - l.incidentShare });
      analytic[t] = { agents: a.agents, positions: a.positions, offeredErlangs: l.offeredErlangs };
      counts[t] = a.agents;
    } else {
      // Erlang C gives the wait before work starts: it answers respond targets, not resolve ones.
      analytic[t] = { offeredErlangs: l.offeredErlangs, note: l.arrivalsPerHour > 0 ? 'no respond target' : 'no arrivals' };
      counts[t] = Math.max(1, Math.ceil(l.offeredErlangs) + 1);
    }
  }
  const evaluations: StaffEvaluation[] = [];
  const cache = new Map<string, StaffEvaluation>();
  const evaluate = async (c: Record<string, number>): Promise<StaffEvaluation> => {
    const key = teams.map((t) => c[t]).join(',');
    const hit = cache.get(key);
    if (hit) return hit;
    const sets = teams.map((t) => `${countPath(scaled, t)}=${c[t]}`);
    const s = withOverrides(scaled, sets);
    const run = await runScenarioParallel(s, { workers: options.workers });
    const attainment: Record<string, Estimate | undefined> = {};
    let meets = true;
    for (const t of targets) {
      const e = run.summary.byPriority[t.priority]?.[t.kind === 'respond' ? 'slaRespondAttainment' : 'slaResolveAttainment'];
      attainment[t.text] = e;
      const value = e ? (confidence === 'interval' ? e.ci95[0] : e.mean) : undefined;
      if (value === undefined || value < t.share) meets = false;
    }
    const ev = { counts: { ...c }, attainment, meets };
    cache.set(key, ev);
    evaluations.push(ev);
    options.onEvaluation?.(ev, label);
    return ev;
  };
  // Raise everyone until the targets hold (the analytic estimate is usually close). Stop early
  // when PLATEAU raises in a row bring no significant gain on any missed target: the bottleneck
  // is then elsewhere (another team, or time headcount cannot shorten) and more of these teams won't help.
  let ev = await evaluate(counts);
  let guard = 0;
  let flat = 0;
  let flatSince: StaffEvaluation | undefined;
  while (!ev.meets) {
    if (++guard > max) break;
    const before = ev;
    for (const t of teams) counts[t] = Math.min(max, counts[t] + Math.max(1, Math.ceil(counts[t] * 0.1)));
    ev = await evaluate(counts);
    if (teams.every((t) => counts[t] >= max)) break;
    const gained = targets.some((t) => {
      const a = before.attainment[t.text];
      const b = ev.attainment[t.text];
      return a !== undefined && b !== undefined && b.mean > a.ci95[1];
    });
    if (gained) {
      flat = 0;
      flatSince = undefined;
    } else {
      flatSince ??= before;
      if (++flat >= PLATEAU) {
        const missed = targets.filter((t) => (ev.attainment[t.text]?.ci95[0] ?? 0) < t.share).map((t) => `${t.text} stays at ${pct(ev.attainment[t.text]?.mean)}`);
        const note =
          `more engineers in ${teams.join(', ')} do not help: from ${teams.map((t) => `${t} ${flatSince!.counts[t]}`).join(', ')} to ${teams.map((t) => `${t} ${counts[t]}`).join(', ')}, ${missed.join('; ')}; ` +
          'the bottleneck is elsewhere (another team on the path, or time that headcount cannot shorten)';
        return { label, factor, counts, analytic, evaluations, met: false, note };
      }
    }
  }
  if (!ev.meets) return { label, factor, counts, analytic, evaluations, met: false, note: `no staffing up to ${max} per team meets every target` };
  // Then take each team down while the targets still hold; repeat until nothing changes.
  for (let pass = 0, changed = true; changed && pass < 3; pass++) {
    changed = false;
    for (const t of teams) {
      while (counts[t] > 1) {
        const trial = { ...counts, [t]: counts[t] - 1 };
        if (!(await evaluate(trial)).meets) break;
        counts[t]--;
        changed = true;
      }
    }
  }
  return { label, factor, counts, analytic, evaluations, met: true };
}
