/**
 * Staffing: the smallest roster — engineers per team and per shift — that meets every SLA target
 * on the incidents opened in a window (the peak), with the stated confidence.
 *
 * Every team on the paths of the targeted incidents is searched together: the bottleneck moves as
 * one team grows. The search
 * 1. simulates today's roster, then a start from Erlang C per team and shift (the load reaching
 *    the team in that shift's hours within the window, work stretched by 1 ÷ incident share,
 *    `capacity` servers per engineer), then a ceiling (every shift doubled, at least +3, doubled
 *    again while that still helps) that tells which targets headcount can meet at all;
 * 2. raises every shift by 10% (at least one) from the start until every target holds;
 * 3. takes each shift down one engineer at a time while the targets hold, then checks
 *    minimality: removing one engineer from any shift of the answer must miss a target (else it
 *    is taken and checked again). The check is kept as the report's minimality table, and names the team binding
 *    each target.
 * Every candidate runs the same replication indices: the same incidents with the same work
 * (common random numbers), so neighbouring rosters are compared on the same load.
 *
 * A target holds when the lower end of the 95% interval of its window attainment (over
 * replications) is at least the share (`confidence: 'interval'`, the default), or the mean is
 * (`'mean'`). A target the ceiling cannot meet is one headcount cannot meet: the answer says which
 * incidents make it impossible (work longer than the target, acknowledgement delays, …) and the
 * best attainment reachable; the answer holds it there (its mean at least the ceiling's lower
 * bound, rounded down to a whole percent) while meeting the others.
 */
import { UserError } from '../errors.js';
import { agentsForServiceLevel } from '../analytic/erlang.js';
import { parseDuration } from '../kernel/duration.js';
import type { Estimate } from '../metrics/types.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/types.js';
import { loadScenario, withOverrides } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { LEVELS } from '../scenario/levels.js';
import { ReplicationPool } from '../sim/parallel.js';
import type { IncidentRecord } from '../sim/records.js';
import { dealGroups, engineerHours, presentShare, rosterOverrides, teamTotal, staffUnits, todayRoster, unitSpans, type Roster, type StaffUnit } from './staff-roster.js';
import { missCauses, resolveWindow, windowAttainment, windowWeeks, type MissCause, type StaffTarget, type StaffWindow, type WindowWeek } from './staff-window.js';

export type { StaffTarget } from './staff-window.js';

/** Parses "P1 respond 15m 95%" or "P3 resolve 3d 0.9". */
export function parseStaffTarget(text: string, path = '--target'): StaffTarget {
  const m = /^\s*(\S+)\s+(respond|resolve|acknowledged|resolved)\s+(?:within\s+)?(\S+)\s+(?:for\s+)?([\d.]+)(%?)\s*$/.exec(text);
  if (!m) throw new UserError(`${path}: "${text}" is not a target; expected "<priority> respond|resolve <duration> <share>", e.g. "P1 respond 15m 95%"`);
  const share = Number(m[4]) / (m[5] === '%' ? 100 : 1);
  if (!(share > 0 && share < 1)) throw new UserError(`${path}: share ${m[4]}${m[5]} in "${text}" is not between 0 and 100%`);
  return { priority: m[1], kind: m[2].startsWith('resol') ? 'resolve' : 'respond', within: parseDuration(m[3], path), share, text: text.trim() };
}

/** The longest the run goes on past the window for its incidents to be decided: 2 weeks. */
export const DRAIN_MAX = 2 * 10080;

/** 15 → "15m", 240 → "4h", 4320 → "3d". */
export const durationText = (m: number) => (m % 1440 === 0 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`);

/** Targets from the scenario's SLA block (each priority with a `target` share). */
export function scenarioTargets(model: Model): StaffTarget[] {
  const out: StaffTarget[] = [];
  for (const [p, s] of model.sla) {
    if (s.target === undefined) continue;
    const share = `${+(s.target * 100).toFixed(2)}%`;
    if (s.respond !== undefined) out.push({ priority: p, kind: 'respond', within: s.respond, share: s.target, text: `${p} respond ${durationText(s.respond)} ${share}` });
    if (s.resolve !== undefined) out.push({ priority: p, kind: 'resolve', within: s.resolve, share: s.target, text: `${p} resolve ${durationText(s.resolve)} ${share}` });
  }
  return out;
}

/** The start estimate of one unit. */
export interface UnitAnalytic {
  /** arrivals per hour reaching the team in the unit's hours, within the window */
  arrivalsPerHour: number;
  /** mean work minutes per incident at the team, stretched by 1 ÷ incident share */
  ahtMinutes: number;
  offeredErlangs: number;
  /** the respond target Erlang C was solved for */
  target?: string;
  /** Erlang C servers (concurrent incidents) for the team in these hours */
  servers?: number;
  /** engineers: ⌈servers ÷ capacity⌉, for the team in these hours */
  engineers?: number;
  /** the start of the search for this unit */
  start: number;
  note?: string;
}

export interface StaffEvaluation {
  roster: Roster;
  phase: 'today' | 'erlang' | 'ceiling' | 'raise' | 'descend' | 'minimality';
  attainment: Record<string, Estimate | undefined>;
  weekly: Record<string, (Estimate | undefined)[]>;
  /** per target, per replication: the window attainment (null: nothing decided) */
  values: Record<string, (number | null)[]>;
  /** per target: holds in this roster */
  holds: Record<string, boolean>;
  /** why this roster could not be simulated (e.g. nobody left with a class's skills) */
  invalid?: string;
  meets: boolean;
}

export interface TargetResult extends StaffTarget {
  /** mean incidents per replication in the window that the target decides */
  incidents: number;
  /** headcount can meet it: the ceiling does */
  feasible: boolean;
  today?: Estimate;
  answer?: Estimate;
  /** attainment per week of the window, in the answer */
  weekly: (Estimate | undefined)[];
  /** the ceiling's attainment: the best headcount reaches */
  best?: Estimate;
  /**
   * targets the ceiling does not meet: `reachable` is what headcount reaches (the ceiling's lower
   * bound, or mean, rounded down to a whole percent), at which the answer holds it on the mean;
   * `gap` the mean paired difference over replications, answer − ceiling; `unproven` when the
   * ceiling's interval still reaches the share (more replications may show it met)
   */
  infeasible?: { gap: number; unproven: boolean; reachable: number };
  /** infeasible targets: the incidents that miss even at the ceiling, and why */
  impossible?: MissCause[];
  /** the units whose one-engineer removal misses this target, most harmful first */
  binding: { unit: string; team: string; attainment?: Estimate }[];
}

export interface UnitResult {
  key: string;
  team: string;
  shift: string;
  kind: StaffUnit['kind'];
  today: number;
  analytic: UnitAnalytic;
  ceiling: number;
  answer: number;
  hoursPerWeek: number;
  engineerHoursPerWeek: { today: number; answer: number };
  /** on-call units: hours a week the rotation covers, per engineer on call at once (not in engineer-hours) */
  onCallHoursPerWeek?: number;
  /** team units (`staffing.groups: together`): each group's engineers (its prefix), today and in the answer */
  groups?: { group: string; today: number; answer: number }[];
  /** removing one engineer from this unit: the targets then missed (undefined when at its minimum) */
  minusOne?: { count: number; meets: boolean; missed: { target: string; attainment?: Estimate }[]; invalid?: string };
  /** named units: who stays, most needed first, and who is removed; `need`: incidents each resolved in today's roster, per replication */
  need?: Record<string, number>;
  kept?: string[];
  removed?: string[];
  /** named units: copies of the template added */
  added?: number;
}

export interface StaffResult {
  scenario: string;
  file: string;
  replications: number;
  confidence: 'interval' | 'mean';
  window: StaffWindow;
  weeks: WindowWeek[];
  /** the load searched: `set` holds its overrides (rates × factor, peaks left out) */
  load: { factor: number; peaks: 'kept' | 'left out' | 'none'; multiplied: string[]; text: string; set: string[] };
  targets: TargetResult[];
  units: UnitResult[];
  /** engineers per team (on-call depth apart: `onCall`, engineers on call at once) */
  teams: { team: string; today: number; answer: number; onCall?: { today: number; answer: number }; engineerHoursPerWeek: { today: number; answer: number } }[];
  engineerHoursPerWeek: { today: number; answer: number; change: number };
  /** the answer as scenario overrides: `incisim run <file> --set …` (with `load.set`) reproduces it */
  set: string[];
  /** every target headcount can meet is met */
  met: boolean;
  note?: string;
  evaluations: StaffEvaluation[];
  today: Roster;
  answer: Roster;
}

export interface StaffOptions {
  targets?: StaffTarget[];
  teams?: string[];
  replications?: number;
  confidence?: 'interval' | 'mean';
  /** scale every class's base rate by this factor */
  peakFactor?: number;
  /** with peakFactor: keep the scenario's own peaks on top (compounding) */
  keepPeaks?: boolean;
  /** "FROM..TO" or a peak's name */
  window?: string;
  workers?: number;
  set?: string[];
  /** after every simulated roster (cached ones are not reported again) */
  onEvaluation?: (e: StaffEvaluation) => void;
  /** replications done of an estimated total, for a progress bar */
  onProgress?: (done: number, total: number) => void;
}

/** Priorities an arrival class can have. */
function classPriorities(s: Scenario, i: number): Set<string> {
  const a = s.arrivals[i];
  if (a.priority) return new Set([a.priority]);
  const levels = (w: { high?: number; medium?: number; low?: number } | undefined) => (w ? LEVELS.filter((k) => (w[k] ?? 0) > 0) : ['medium' as const]);
  const out = new Set<string>();
  for (const im of levels(a.impact)) for (const u of levels(a.urgency)) {
    const p = s.priorities.matrix[im]?.[u];
    if (p) out.add(p);
  }
  return out;
}

/** Teams with work from classes that can have a targeted priority (their path, and a misroute's first wrong team). */
export function targetedTeams(s: Scenario, targets: readonly StaffTarget[]): string[] {
  const wanted = new Set(targets.map((t) => t.priority));
  const stormed = new Set(s.arrivals.filter((a) => a.storms && (a.rate.perHour || a.rate.perDay || a.rate.perWeek)).map((a) => a.storms!.class ?? a.class));
  const teams = new Set<string>();
  s.arrivals.forEach((a, i) => {
    const live = (a.rate.perHour ?? a.rate.perDay ?? a.rate.perWeek ?? 0) > 0 || stormed.has(a.class);
    if (!live || ![...classPriorities(s, i)].some((p) => wanted.has(p))) return;
    for (const step of a.path) teams.add(step.team);
    if (a.misroute?.to) teams.add(a.misroute.to);
  });
  return s.teams.map((t) => t.id).filter((t) => teams.has(t));
}

/**
 * Erlang C per unit: the load reaching each team in each unit's hours within the window. Respond
 * targets bind the first team an incident reaches (its first response is there); a team with no
 * respond target, or no load, starts at today's headcount (or ⌈load ÷ capacity⌉ + 1).
 */
function analyticStart(scenario: Scenario, model: Model, units: StaffUnit[], targets: StaffTarget[], w: StaffWindow): Record<string, UnitAnalytic> {
  const out: Record<string, UnitAnalytic> = {};
  const respond = targets.filter((t) => t.kind === 'respond');
  const byTeamShift = new Map<string, StaffUnit[]>();
  for (const u of units) {
    const k = `${u.team}\u0000${u.kind === 'oncall' ? 'oncall' : u.shift ?? ''}`;
    if (!byTeamShift.has(k)) byTeamShift.set(k, []);
    byTeamShift.get(k)!.push(u);
  }
  for (const group of byTeamShift.values()) {
    const u0 = group[0];
    const spans = unitSpans(scenario, u0, w.from, w.to) ?? [[w.from, w.to]];
    const minutes = spans.reduce((s, [a, b]) => s + (b - a), 0);
    let rate = 0;
    let work = 0;
    const first: string[] = [];
    model.classes.forEach((c, ci) => {
      let n = 0;
      for (const [a, b] of spans) n += c.arrivals.expected(a, b);
      // storms add the related incidents of another class
      for (const o of model.classes) if (o.storm && o.storm.class === c.name) for (const [a, b] of spans) n += o.arrivals.expected(a, b) * o.storm.probability * o.storm.size.mean;
      let reach = n * (1 - (c.autoRemediate?.probability ?? 0));
      c.path.forEach((step, i) => {
        if (step.team === u0.team) {
          rate += reach;
          work += reach * step.work.mean;
          if (i === 0) for (const p of classPriorities(scenario, ci)) first.push(p);
        }
        reach *= i === c.path.length - 1 ? 0 : 1 - step.resolves;
      });
    });
    const perHour = minutes > 0 ? (rate / minutes) * 60 : 0;
    const aht = rate > 0 ? work / rate / u0.incidentShare : 0;
    const a = (perHour * aht) / 60;
    const tight = respond.filter((t) => first.includes(t.priority)).reduce<StaffTarget | undefined>((x, t) => (!x || t.within < x.within ? t : x), undefined);
    // `capacity` servers per engineer, each at full speed; with `service: shared` an engineer's
    // attention is split among what they hold, so keeping up with the work takes ⌈load⌉ + 1 on shift
    const shared = scenario.teams[u0.teamIndex].service === 'shared';
    const keepUp = Math.ceil(a) + 1;
    const todays = group.map((u) => u.today);
    let need: number | undefined;
    const base: Omit<UnitAnalytic, 'start'> = { arrivalsPerHour: perHour, ahtMinutes: aht, offeredErlangs: a };
    if (u0.kind === 'oncall') base.note = 'engineers on call at once outside shifts: starts as today';
    else if (minutes === 0) base.note = 'on call only: no shift hours';
    else if (perHour === 0) base.note = 'no load in these hours';
    else if (tight) {
      const e = agentsForServiceLevel({ arrivalsPerHour: perHour, ahtMinutes: aht, targetMinutes: tight.within, serviceLevel: tight.share });
      base.target = tight.text;
      base.servers = e.agents;
      base.engineers = Math.ceil(e.agents / u0.capacity);
      if (shared && keepUp > base.engineers) {
        base.engineers = keepUp;
        base.note = 'service: shared: ⌈load⌉ + 1 engineers on shift to keep up with the work (more than the slots Erlang C needs)';
      }
      need = base.engineers;
    } else if (shared) {
      base.note = 'no respond target here; service: shared: ⌈load⌉ + 1 engineers on shift to keep up with the work';
      need = keepUp;
    } else {
      base.note = 'no respond target here (Erlang C gives the wait before work starts): ⌈load ÷ capacity⌉ + 1';
      need = Math.ceil(a / u0.capacity) + 1;
    }
    if (need !== undefined && u0.kind === 'team') {
      // engineers on shift at once → the team's headcount, of whom that share is on on average
      const share = presentShare(scenario, u0, w.from, w.to);
      need = Math.ceil(need / share);
      if (base.engineers !== undefined) base.engineers = need;
      base.note = `${base.note ? `${base.note}; ` : ''}the team's groups sized together: engineers on shift at once ÷ ${share.toFixed(3)}, the share of its headcount on shift on average in its hours`;
    }
    // The first unit of the team and shift takes the estimate; the others start as today.
    group.forEach((u, k) => {
      const others = todays.reduce((s, v, j) => s + (j === k ? 0 : v), 0);
      const start = need === undefined || k > 0 ? u.today : Math.max(u.min, need - others);
      out[u.key] = { ...base, start: Math.max(u.min, start) };
    });
  }
  return out;
}

/**
 * The load `--peak factor` asks for: every class's base rate × factor (`loadSets`, as overrides)
 * and the scenario's own peaks left out (`arrivals[i].peaks=[]`) unless kept, then compounding;
 * `multiplied` and `loadText` say exactly what was multiplied.
 */
export function describeLoad(loaded: Scenario, factor: number, keepPeaks: boolean) {
  // The load: base rates × factor; the scenario's own peaks left out under --peak unless kept.
  const hasPeaks = loaded.arrivals.some((a) => (a.peaks ?? []).some((p) => p.factor !== 1));
  const dropPeaks = factor !== 1 && hasPeaks && !keepPeaks;
  const loadSets: string[] = [];
  const multiplied: string[] = [];
  if (factor !== 1) {
    loaded.arrivals.forEach((a, i) => {
      for (const k of ['perHour', 'perDay', 'perWeek'] as const) {
        const v = a.rate[k];
        if (v === undefined || v === 0) continue;
        loadSets.push(`arrivals[${i}].rate.${k}=${+(v * factor).toPrecision(12)}`);
        multiplied.push(`${a.class} ${v} → ${+(v * factor).toPrecision(6)} ${k.slice(3).toLowerCase()}`);
      }
      if (dropPeaks && a.peaks?.length) loadSets.push(`arrivals[${i}].peaks=[]`);
    });
  }
  const peakNames = [...new Set(loaded.arrivals.flatMap((a) => (a.peaks ?? []).map((p) => `${p.name ?? `${p.from}..${p.to}`} ×${p.factor}`)))];
  const loadText = factor === 1
    ? `the scenario's arrivals as written${hasPeaks ? ` (its peaks: ${peakNames.join(', ')})` : ''}`
    : `every class's base rate × ${factor} (${multiplied.join('; ')}); ${!hasPeaks ? 'the scenario has no peaks' : dropPeaks ? `the scenario's own peaks (${peakNames.join(', ')}) left out: --with-peaks keeps them on top` : `the scenario's own peaks (${peakNames.join(', ')}) kept on top (compounded)`}`;
  return { loadSets, multiplied, loadText, hasPeaks, dropPeaks };
}

const key = (units: StaffUnit[], r: Roster) => units.map((u) => r[u.key]).join(',');

/** Mean over replications of a − b, where both decided something (0 when none did). */
export function pairedGap(a: readonly (number | null)[] | undefined, b: readonly (number | null)[] | undefined): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < Math.min(a?.length ?? 0, b?.length ?? 0); i++) {
    if (a![i] === null || b![i] === null) continue;
    s += a![i]! - b![i]!;
    n++;
  }
  return n ? s / n : 0;
}

/**
 * Finds the smallest roster per team and shift meeting every target in the window. Every roster
 * it evaluates runs on one pool of threads, whose workers (when the evaluations are large enough
 * for them, `workersFor`) start once and stay warm for the next roster.
 */
export async function staff(file: string, options: StaffOptions = {}): Promise<StaffResult> {
  const pool = new ReplicationPool();
  try {
    return await search(file, options, pool);
  } finally {
    await pool.close();
  }
}

async function search(file: string, options: StaffOptions, pool: ReplicationPool): Promise<StaffResult> {
  const loaded = loadScenario(file, { overrides: [...(options.set ?? []), ...(options.replications ? [`replications=${options.replications}`] : [])] }).scenario;
  const confidence = options.confidence ?? 'interval';
  const baseModel = buildModel(loaded);
  const targets = options.targets && options.targets.length ? options.targets : scenarioTargets(baseModel);
  if (targets.length === 0) throw new UserError(`${file}: no SLA targets to staff for; give --target "P1 respond 15m 95%" or set priorities.sla.<P>.target in the scenario`);
  for (const t of options.teams ?? []) if (!loaded.teams.some((x) => x.id === t)) throw new UserError(`--team: unknown team "${t}"; expected one of ${loaded.teams.map((x) => x.id).join(', ')}`);
  const priorities = new Set(loaded.arrivals.flatMap((_, i) => [...classPriorities(loaded, i)]));
  for (const t of targets) {
    if (!Object.values(loaded.priorities.matrix).some((row) => Object.values(row).includes(t.priority)) && !loaded.arrivals.some((a) => a.priority === t.priority)) {
      throw new UserError(`--target: priority "${t.priority}" in "${t.text}" is not a priority of the scenario`);
    }
    if (!priorities.has(t.priority)) throw new UserError(`--target: no arrival class of ${file} has priority ${t.priority} ("${t.text}"): nothing to measure`);
  }
  if (baseModel.replications < 2 && confidence === 'interval') throw new UserError('staff: the interval test needs at least 2 replications (use --replications)');
  const factor = options.peakFactor ?? 1;
  if (!(factor > 0)) throw new UserError(`--peak: ${options.peakFactor} is not a positive factor (e.g. 2.5)`);

  const { loadSets, multiplied, hasPeaks, dropPeaks, loadText: described } = describeLoad(loaded, factor, options.keepPeaks ?? false);
  let loadText = described;
  const targetSets = targets.map((t) => `priorities.sla.${t.priority}.${t.kind}=${t.within}`);
  const window = resolveWindow(options.window, loaded, baseModel, factor === 1 || !dropPeaks);
  // Drain: an incident opened at the end of the window must be decided, so the run goes on (same
  // load) until its latest deadline; else a roster whose backlog grows would hide it past the horizon.
  const probe = buildModel(withOverrides(loaded, [...loadSets, ...targetSets]));
  // (at most DRAIN_MAX past the window: beyond, the longest targets are decided only by then)
  const drainTo = Math.ceil(Math.min(window.to + DRAIN_MAX, Math.max(...targets.map((t) => probe.sla.get(t.priority)!.calendar.due(window.to, t.within)))));
  if (Number.isFinite(drainTo) && drainTo > probe.horizon) {
    loadSets.push(`horizon=${drainTo}`);
    loadText += `; the run goes on ${durationText(drainTo - probe.horizon)} past the scenario's horizon (horizon=${drainTo} min) so that every incident opened in the window meets or misses its targets`;
  }
  const scaled = withOverrides(loaded, [...loadSets, ...targetSets]);
  const model = buildModel(scaled);
  const weeks = windowWeeks(model, window);

  const teams = options.teams ?? targetedTeams(scaled, targets);
  if (teams.length === 0) throw new UserError(`${file}: no team has work on the paths of ${targets.map((t) => t.priority).join(', ')}`);
  let units = staffUnits(scaled, teams);
  const reps = model.replications;
  const indices = Array.from({ length: reps }, (_, i) => i);
  const workers = options.workers; // (undefined: as many as each evaluation pays for, `workersFor`)

  // ---- evaluation (cached per roster) ------------------------------------------------------
  const evaluations: StaffEvaluation[] = [];
  const cache = new Map<string, { ev: StaffEvaluation; records?: IncidentRecord[][] }>();
  let feasible: Record<string, boolean> = Object.fromEntries(targets.map((t) => [t.text, true]));
  let reachable: Record<string, number> = {};
  let planned = 6 + units.length * 4;
  let repsDone = 0;
  const holdsTarget = (t: StaffTarget, e: Estimate | undefined): boolean => {
    if (!e) return true; // nothing to decide in the window: the target does not constrain
    return (confidence === 'interval' ? e.ci95[0] : e.mean) >= t.share;
  };
  const judge = (ev: StaffEvaluation) => {
    if (ev.invalid) return ev;
    // a target headcount cannot meet is held at what headcount reaches: its mean at least the
    // ceiling's lower bound, rounded down to a whole percent
    for (const t of targets) {
      const e = ev.attainment[t.text];
      ev.holds[t.text] = feasible[t.text] ? holdsTarget(t, e) : !e || e.mean >= reachable[t.text];
    }
    ev.meets = targets.every((t) => ev.holds[t.text]);
    return ev;
  };
  const evaluate = async (roster: Roster, phase: StaffEvaluation['phase'], keep = false): Promise<{ ev: StaffEvaluation; records?: IncidentRecord[][] }> => {
    const k = key(units, roster);
    const hit = cache.get(k);
    if (hit && (!keep || hit.records)) return { ev: judge(hit.ev), records: hit.records };
    let s: Scenario;
    try {
      s = withOverrides(scaled, rosterOverrides(scaled, units, roster));
    } catch (e) {
      // a roster that leaves some class without anyone holding its skills is no roster
      if (!(e instanceof UserError)) throw e;
      const ev: StaffEvaluation = { roster: { ...roster }, phase, attainment: {}, weekly: {}, values: {}, holds: Object.fromEntries(targets.map((t) => [t.text, false])), meets: false, invalid: e.message };
      cache.set(k, { ev });
      return { ev };
    }
    const before = repsDone;
    const results = await pool.run(s, indices.map((index) => ({ index, keepIncidents: true })), workers, { onDone: (d) => options.onProgress?.((repsDone = before + d), Math.max(planned, evaluations.length + 2) * reps) });
    repsDone = before + reps;
    const records = results.map((r) => r.incidents ?? []);
    const a = windowAttainment(records, targets, window, weeks);
    const ev = judge({ roster: { ...roster }, phase, attainment: a.overall, weekly: a.weekly, values: a.values, holds: {}, meets: false });
    const entry = { ev, records: keep ? records : undefined };
    cache.set(k, entry);
    evaluations.push(ev);
    options.onEvaluation?.(ev);
    return entry;
  };

  // ---- today, then the need order of named engineers ----------------------------------------
  const today = todayRoster(units);
  const t0 = await evaluate(today, 'today', true);
  const need = new Map<string, number>();
  for (const recs of t0.records!) for (const r of recs) if (r.resolvedBy) need.set(r.resolvedBy, (need.get(r.resolvedBy) ?? 0) + 1);
  units = staffUnits(scaled, teams, need);
  const incidentsInWindow = windowAttainment(t0.records!, targets, window, weeks).incidents;

  // ---- Erlang C start and the ceiling ----------------------------------------------------------
  const analytic = analyticStart(scaled, model, units, targets, window);
  const start: Roster = Object.fromEntries(units.map((u) => [u.key, analytic[u.key].start]));
  planned = 6 + 2 * units.length;
  const s0 = await evaluate(start, 'erlang');
  let ceiling: Roster = Object.fromEntries(units.map((u) => {
    const m = Math.max(start[u.key], u.today, u.min, 1);
    return [u.key, Math.max(2 * m, m + 3)];
  }));
  let top = await evaluate(ceiling, 'ceiling', true);
  for (let k = 0; k < 3 && !top.ev.meets; k++) {
    const bigger: Roster = Object.fromEntries(units.map((u) => [u.key, ceiling[u.key] * 2]));
    const next = await evaluate(bigger, 'ceiling', true);
    // stop doubling when no missed target gains significantly
    const gains = targets.some((t) => !top.ev.holds[t.text] && (next.ev.attainment[t.text]?.mean ?? 0) > (top.ev.attainment[t.text]?.ci95[1] ?? 1));
    ceiling = bigger;
    top = next;
    if (!gains) break;
  }
  feasible = Object.fromEntries(targets.map((t) => [t.text, top.ev.holds[t.text]]));
  reachable = Object.fromEntries(targets.filter((t) => !feasible[t.text]).map((t) => {
    const e = top.ev.attainment[t.text]!;
    return [t.text, Math.floor((confidence === 'interval' ? e.ci95[0] : e.mean) * 100 + 1e-9) / 100];
  }));
  judge(top.ev);

  /** one fewer in `u` keeps it at or above its minimum and its team with someone on shift */
  const removable = (u: StaffUnit, r: Roster) => r[u.key] > u.min && (u.kind === 'oncall' || teamTotal(units, r, u.team) > 1);

  // ---- raise from the start until every target holds ---------------------------------------------
  let cur: Roster = { ...start };
  let ev = judge(s0.ev);
  let note: string | undefined;
  while (!ev.meets) {
    if (units.every((u) => cur[u.key] >= ceiling[u.key])) {
      cur = { ...ceiling };
      ev = top.ev;
      break;
    }
    cur = Object.fromEntries(units.map((u) => [u.key, Math.min(ceiling[u.key], cur[u.key] + Math.max(1, Math.ceil(cur[u.key] * 0.1)))]));
    ev = (await evaluate(cur, 'raise')).ev;
  }
  if (!ev.meets) note = 'the ceiling itself does not hold every target (noise at the boundary): the answer is the ceiling';

  // ---- take each unit down one at a time while the targets hold (never into an overloaded
  // roster far below the answer), then check minimality until no removal holds -----------------
  if (ev.meets) {
    const order = [...units].sort((a, b) => b.hoursPerWeek * cur[b.key] - a.hoursPerWeek * cur[a.key]);
    for (let pass = 0, changed = true; changed && pass < 4; pass++) {
      changed = false;
      for (const u of order) {
        // one at a time; a team sized together steps by a tenth of its headcount, halved after a miss, down to one
        let step = u.kind === 'team' ? Math.max(1, Math.floor(cur[u.key] / 10)) : 1;
        while (removable(u, cur)) {
          const to = Math.max(u.min, cur[u.key] - step);
          if ((await evaluate({ ...cur, [u.key]: to }, pass === 0 ? 'descend' : 'minimality')).ev.meets) {
            cur[u.key] = to;
            changed = true;
          } else if (step > 1) step = Math.max(1, step >> 1);
          else break;
        }
      }
    }
  }
  const final = (await evaluate(cur, 'descend')).ev;

  // ---- the minimality table, binding teams, what is impossible ------------------------------------
  const unitsOut: UnitResult[] = [];
  const minus: Record<string, StaffEvaluation | undefined> = {};
  for (const u of units) {
    if (!removable(u, cur)) continue;
    minus[u.key] = (await evaluate({ ...cur, [u.key]: cur[u.key] - 1 }, 'minimality')).ev;
  }
  for (const u of units) {
    const m = minus[u.key];
    const named = u.kind === 'named' ? u.members! : undefined;
    const dealt = u.kind === 'team' ? dealGroups(u, cur[u.key]) : undefined;
    unitsOut.push({
      key: u.key,
      team: u.team,
      shift: u.shiftLabel,
      kind: u.kind,
      today: u.today,
      analytic: analytic[u.key],
      ceiling: ceiling[u.key],
      answer: cur[u.key],
      hoursPerWeek: u.hoursPerWeek,
      ...(u.onCallHoursPerWeek !== undefined ? { onCallHoursPerWeek: u.onCallHoursPerWeek } : {}),
      engineerHoursPerWeek: { today: engineerHours([u], { [u.key]: u.today }), answer: engineerHours([u], cur) },
      ...(dealt ? { groups: u.groups!.map((g, k) => ({ group: g.prefix, today: g.today, answer: dealt[k] })) } : {}),
      minusOne: m ? { count: cur[u.key] - 1, meets: m.meets, missed: m.invalid ? [] : targets.filter((t) => !m.holds[t.text]).map((t) => ({ target: t.text, attainment: m.attainment[t.text] })), ...(m.invalid ? { invalid: m.invalid } : {}) } : undefined,
      ...(named ? { need: Object.fromEntries(named.map((p) => [p.id, (need.get(p.id) ?? 0) / reps])), kept: named.slice(0, cur[u.key]).map((p) => p.id), removed: named.slice(cur[u.key]).map((p) => p.id), added: Math.max(0, cur[u.key] - named.length) } : {}),
    });
  }
  const shareOf = (() => {
    const byId = new Map(model.engineers.map((e) => [e.id, e.share]));
    const byTeam = new Map(model.teams.map((t) => {
      const es = model.engineers.filter((e) => e.team === t.id);
      return [t.id, es.length ? es.reduce((s, e) => s + e.share, 0) / es.length : 1];
    }));
    return (id: string | undefined, team: string) => (id !== undefined && byId.has(id) ? byId.get(id)! : byTeam.get(team) ?? 1);
  })();
  const targetsOut: TargetResult[] = targets.map((t) => {
    const binding = units
      .filter((u) => minus[u.key] && !minus[u.key]!.holds[t.text])
      .map((u) => ({ unit: u.key, team: u.team, attainment: minus[u.key]!.attainment[t.text] }))
      .sort((a, b) => (a.attainment?.mean ?? 0) - (b.attainment?.mean ?? 0));
    return {
      ...t,
      incidents: incidentsInWindow[t.text],
      feasible: feasible[t.text],
      today: t0.ev.attainment[t.text],
      answer: final.attainment[t.text],
      weekly: final.weekly[t.text],
      best: top.ev.attainment[t.text],
      ...(feasible[t.text] ? {} : {
        infeasible: {
          gap: pairedGap(final.values[t.text], top.ev.values[t.text]),
          unproven: (top.ev.attainment[t.text]?.ci95[1] ?? 0) >= t.share,
          reachable: reachable[t.text],
        },
        impossible: missCauses(top.records!, t, window, shareOf).slice(0, 6),
      }),
      binding,
    };
  });
  const teamsOut = teams.map((team) => {
    const oc = units.find((u) => u.team === team && u.kind === 'oncall');
    return {
      team,
      today: teamTotal(units, today, team),
      answer: teamTotal(units, cur, team),
      ...(oc ? { onCall: { today: today[oc.key], answer: cur[oc.key] } } : {}),
      engineerHoursPerWeek: { today: engineerHours(units, today, team), answer: engineerHours(units, cur, team) },
    };
  });
  const hoursToday = engineerHours(units, today);
  const hoursAnswer = engineerHours(units, cur);
  return {
    scenario: loaded.name,
    file,
    replications: reps,
    confidence,
    window,
    weeks,
    load: { factor, peaks: !hasPeaks ? 'none' : dropPeaks ? 'left out' : 'kept', multiplied, text: loadText, set: loadSets },
    targets: targetsOut,
    units: unitsOut,
    teams: teamsOut,
    engineerHoursPerWeek: { today: hoursToday, answer: hoursAnswer, change: hoursAnswer - hoursToday },
    set: rosterOverrides(scaled, units, cur),
    met: final.meets,
    note,
    evaluations,
    today,
    answer: cur,
  };
}
