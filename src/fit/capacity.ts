/**
 * The fitted CAPACITY MODEL: from event-log timelines (src/fit/timeline.ts) to what a scenario
 * needs so that staffing binds — work content as the effort people spent, headcount and presence
 * as the log shows them, pending as pending, paths as the observed group sequences.
 *
 * Method (stated again in the scenario's comments):
 * - An incident is HELD while an assignee has it (active, or assigned and not yet started);
 *   pending stretches (awaiting user, vendor, …) use nobody. Over a stretch in which a team holds
 *   K incidents and c of its engineers are present, each held incident receives min(1, c ÷ K)
 *   of a person (`service: shared` with balanced assignment): its WORK CONTENT at a step is the
 *   sum over the stretches its group held it. So fewer engineers, or more incidents, stretch every
 *   incident's time in the simulation: staffing binds.
 * - Teams: the largest groups by volume (the rest pooled as `other`). Headcount per ISO week =
 *   the distinct assignees who held one of its incidents that week; the scenario states the
 *   median over the window. Presence: the level of each hour of the week = the team's events
 *   naming an engineer then ÷ at its busiest hour (an incident merely coming back from pending
 *   is no evidence); its engineers are dealt into LAYERS layers, layer l present where the level
 *   is at least (l + 0.5) ÷ LAYERS, so about level × headcount are present. Concurrency: the
 *   `concurrencyQuantile` of the incidents an engineer holds at once (time-weighted, while holding
 *   any), the most an engineer is given.
 * - Paths: an incident's groups in the order they held it (consecutive repeats merged), as
 *   teams. A class is (first team, priority); its path is that team, then the class's most
 *   common next team (which does the work done anywhere after the first team), each step with
 *   its own work; `resolves` at the first step is the (weighted) share that stayed there.
 * - Pickup: the wait before anybody held the incident, in the first team's present time, less
 *   the stretches in which that team was saturated (queueing, which the simulation makes).
 * - Pending totals per incident are drawn from the class's observed totals, with the class's
 *   share of incidents that had one.
 * - Recency: samples weigh 2^(−age ÷ half-life), the half-life chosen by validation inside the
 *   window (chooseHalfLife) unless given.
 * - Arrivals: per class a mean rate per week, one hour-of-week profile, the week-to-week
 *   overdispersion (variance ÷ mean of weekly counts) and a linear trend (per week, relative).
 *
 * Units: instants epoch ms, durations minutes. Pure function of the incidents and options.
 */
import { UserError } from '../errors.js';
import type { HistoricalIncident } from '../io/import/types.js';
import { quantileSorted } from './select.js';
import { sampleRankCorrelation } from 'simple-statistics';
import { timelineOf, type Timeline } from './timeline.js';
import { chooseWindow, localClock, type WindowChoice } from './weeks.js';
import { level, slug } from './history.js';

export interface CapacityOptions {
  /** IANA zone of weeks and hours of the week (default UTC) */
  zone?: string;
  /** first / last ISO week of the fitting window (default: automatic, see chooseWindow) */
  from?: string;
  to?: string;
  minWeekShare?: number;
  /** groups modelled as their own team (default 8); the rest pooled as "other" */
  teams?: number;

  /** quantile of concurrent holdings that sets an engineer's concurrency (default 0.95) */
  concurrencyQuantile?: number;
  /** priority of incidents without one (default: "P3") */
  defaultPriority?: string;
  /**
   * Recency weighting of the samples (work, pending, paths), in weeks: an incident opened t
   * weeks before the window's end weighs 2^(−t ÷ halfLife). 'auto' (default) chooses it from
   * HALF_LIVES by validation inside the window (see chooseHalfLife); Infinity weighs all alike.
   */
  halfLife?: number | 'auto';
  /**
   * How presence is read (default 'auto': see BALANCED): 'rotas', each engineer's usual week from their
   * sessions (the work inverted per engineer); 'activity', the team's events per hour of the week
   * ÷ at its busiest hour (the work inverted per team, holdings taken as balanced). See the README
   * section on the round trip for what each recovers.
   */
  presence?: 'auto' | 'rotas' | 'activity';
}

/**
 * 'auto' presence reads rotas when at least this share of the log's assignments went to a least
 * loaded engineer (within one incident; see balancedShare): then the simulation's routing
 * reproduces who holds what, and the work can be inverted per engineer. Below it people collect
 * tickets unevenly, and the team-level inversion (holdings taken as balanced, as the simulation
 * makes them) with activity presence is the consistent one.
 */
export const BALANCED = 0.8;

/**
 * Presence layers: a team's engineers are dealt round-robin (the j-th to layer j mod LAYERS), and
 * layer l works the hours of the week whose presence level is at least (l + 0.5) ÷ LAYERS.
 */
export const LAYERS = 10;


/** The half-lives (weeks) 'auto' chooses among. */
export const HALF_LIVES = [0.5, 1, 2, 4, 8, Infinity];

export interface CapacityTeam {
  id: string;
  /** the log's group names it stands for */
  groups: string[];
  /** incidents whose first group is this team's, opened in the window */
  incidents: number;
  /** distinct assignees holding its incidents, per ISO week of the window */
  headcount: { week: string; engineers: number }[];
  /** median of headcount (≥ 1): the scenario's engineers */
  engineers: number;
  /** 168 presence levels, Monday 00:00 first: the share of the team's engineers whose rota is on then */
  level: number[];
  /** the team's rotas: engineers (seen in the window) with the same usual week (168 flags, Monday 00:00 first) */
  rota: RotaGroup[];
  /** the service discipline, and (rotas) |Spearman's ρ| between each one's work content and the engineer's load */
  service: 'shared' | 'slots';
  serviceEvidence: { shared: number; slots: number };
  /** 168 counts 0..LAYERS: how many presence layers are on in that hour (see LAYERS) */
  layers: number[];
  /** incidents an engineer holds at once while holding any: time-weighted mean and the cap */
  concurrency: { mean: number; cap: number };
  /** work content booked in the window, minutes, and its share of the engineers' present time */
  effortMinutes: number;
  utilisation: number;
  /** incidents the team holds at once, mean over its present hours */
  meanHeld: number;
}

export interface RotaGroup {
  engineers: number;
  week: boolean[];
}

export interface CapacityStep {
  team: string;
  /** work content per incident at this step, minutes: 101 percentiles of the weighted sample */
  work: number[];
  /** incidents behind it, and their weighted mean work (minutes) */
  n: number;
  mean: number;
  /** probability the incident is resolved here (the last step: 1) */
  resolves: number;
}

export interface CapacityClass {
  name: string;
  team: string;
  priority: string;
  count: number;
  perWeek: number;
  path: CapacityStep[];
  /** share of incidents with a pending stretch (weighted), and 101 percentiles of their pending totals (minutes) */
  pending?: { probability: number; minutes: number[] };
  /** 101 percentiles of the wait before anybody held the incident, in the first team's present minutes */
  pickup: number[];
  /** reassignments per incident as the log counts them */
  reassignments: number;
}

export interface CapacityFit {
  zone: string;
  incidents: number;
  window: WindowChoice;
  perWeek: number;
  /** mean arrivals per hour of the week, per week (168) */
  hourOfWeek: number[];
  /** weekly arrivals: variance ÷ mean (1 = Poisson), and the least-squares trend (relative change per week) */
  dispersion: number;
  /** the same around the trend line, at least 1: what the scenario's weeklyVariation states */
  residualDispersion: number;
  trendPerWeek: number;
  /** the recency weighting used, weeks, and how 'auto' chose it (W1 of log10 hours to resolve per candidate) */
  halfLife: { weeks: number; auto: boolean; validation?: { weeks: number; candidates: { halfLife: number; w1: number }[] } };
  priorities: Record<string, number>;
  /** impact → urgency → most frequent priority; one row `medium: { medium: P }` without impact/urgency */
  matrix: Record<string, Record<string, string>>;
  defaultPriority?: string;
  /** how presence was read: each engineer's usual week ('rotas'), or the team's activity per hour of the week ('activity'); and the share of held time by engineers with a regular week */
  presence: { method: 'rotas' | 'activity'; regularShare?: number; balanced: number };
  teams: CapacityTeam[];
  classes: CapacityClass[];
  /** what the timelines show over the window's resolved incidents (minutes) */
  observed: { resolved: number; medianQueuedBeforeWork: number; medianHeld: number; medianPending: number; medianResolve: number; reopened: number };
}

const MIN = 60_000;
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;

interface Held {
  eng: string;
  from: number;
  to: number;
  /** index into `work` (incident × step) */
  slot: number;
  team: number;
  /** being worked (phase active), not merely assigned while queued */
  active: boolean;
}

/** Fits the capacity model (see the module comment). Incidents without events are left out. */
export function fitCapacity(all: readonly HistoricalIncident[], options: CapacityOptions = {}): CapacityFit {
  const zone = options.zone ?? 'UTC';
  const incidents = all.filter((i) => i.events !== undefined && i.events.length > 0);
  if (incidents.length === 0) throw new UserError('fit: the import has no events (an event log is needed for the capacity model; one-row exports fit with --method elapsed)');
  const win = chooseWindow(incidents.map((i) => i.openedAt), zone, options);
  const { start, end, weeks } = win;
  const clock = localClock(zone);
  const timelines = incidents.map((i) => timelineOf(i)!);
  const inWin = (i: number) => incidents[i].openedAt >= start && incidents[i].openedAt < end;

  // Teams: the groups holding the most window incidents first.
  const groupCount = new Map<string, number>();
  incidents.forEach((inc, i) => {
    if (!inWin(i)) return;
    for (const g of new Set(timelines[i].groups)) groupCount.set(g, (groupCount.get(g) ?? 0) + 1);
  });
  const top = [...groupCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, options.teams ?? 8).map(([g]) => g);
  const teamIds: string[] = [];
  const teamOfGroup = new Map<string, number>();
  const used = new Set(['other']);
  for (const g of top) {
    let id = slug(g);
    while (used.has(id)) id += '-x';
    used.add(id);
    teamOfGroup.set(g, teamIds.length);
    teamIds.push(id);
  }
  const OTHER = teamIds.length;
  const pooled = [...groupCount.keys()].some((g) => !teamOfGroup.has(g)) || incidents.some((inc, i) => inWin(i) && timelines[i].groups.length === 0 && inc.group === undefined);
  teamIds.push('other');
  const teamOf = (g: string | undefined) => (g === undefined ? -1 : (teamOfGroup.get(g) ?? OTHER));

  // Each incident's steps: its teams in the order they held it (consecutive repeats merged);
  // stretches before any group inherit the first team.
  const stepsOf: number[][] = [];
  const stepOfSegment: number[][] = [];
  for (let i = 0; i < incidents.length; i++) {
    const tl = timelines[i];
    const steps: number[] = [];
    const idx: number[] = [];
    for (const s of tl.segments) {
      const t = teamOf(s.group);
      if (t >= 0 && steps[steps.length - 1] !== t) steps.push(t);
      idx.push(steps.length - 1);
    }
    if (steps.length === 0) steps.push(teamOf(incidents[i].group) >= 0 ? teamOf(incidents[i].group) : OTHER);
    stepsOf.push(steps);
    stepOfSegment.push(idx.map((k) => Math.max(0, k)));
  }

  // Presence per team: events by hour of week (events with an assignee and a group of the team).
  // Evidence that an engineer is at work: an event naming them, except one that only takes the
  // incident out of pending with the same assignee and group (the caller answered, whoever is in).
  const acting: { at: number; assignee: string; team: number }[] = [];
  for (const inc of incidents) {
    let phase: string | undefined;
    let who: string | undefined;
    let group: string | undefined;
    for (const e of inc.events!) {
      const resumed = phase === 'pending' && e.phase === 'active' && e.assignee === who && (e.group === undefined || e.group === group);
      if (e.phase !== undefined) phase = e.phase;
      if (e.group !== undefined) group = e.group;
      if (e.assignee !== undefined) who = e.assignee;
      if (resumed || e.assignee === undefined) continue;
      const t = teamOf(e.group ?? group);
      if (t >= 0) acting.push({ at: e.at, assignee: e.assignee, team: t });
    }
  }
  // Sessions: an engineer is at work from a little before their first event to a little after
  // their last, as long as their events follow each other within SESSION_GAP (see sessionsOf).
  const sessionsByEng = sessionsOf(acting);
  /** engineers of `n` present in an hour where `layers` layers are */
  const staffed = (n: number, layers: number) => layers * Math.floor(n / LAYERS) + Math.min(layers, n % LAYERS);

  // Held stretches per engineer, over the whole log (holdings before the window count for k).
  const slotBase: number[] = [];
  let slots = 0;
  for (const s of stepsOf) {
    slotBase.push(slots);
    slots += s.length;
  }
  const work = new Float64Array(slots);
  const byEng = new Map<string, Held[]>();
  const weekEngineers = teamIds.map(() => Array.from({ length: weeks }, () => new Set<string>()));
  for (let i = 0; i < incidents.length; i++) {
    const segs = timelines[i].segments;
    for (let k = 0; k < segs.length; k++) {
      const s = segs[k];
      if (s.assignee === undefined || s.phase === 'pending') continue;
      const step = stepOfSegment[i][k];
      const team = stepsOf[i][step];
      const h: Held = { eng: s.assignee, from: s.from, to: s.to, slot: slotBase[i] + step, team, active: s.phase === 'active' };
      let list = byEng.get(s.assignee);
      if (list === undefined) byEng.set(s.assignee, (list = []));
      list.push(h);
      const w0 = Math.max(0, Math.floor((Math.max(s.from, start) - start) / WEEK));
      const w1 = Math.min(weeks - 1, Math.floor((Math.min(s.to, end) - 1 - start) / WEEK));
      for (let w = w0; w <= w1 && s.to > start && s.from < end; w++) weekEngineers[team][w].add(s.assignee);
    }
  }
  // Presence. ROTAS: each engineer's usual week from their sessions (see rotasOf), engineers with
  // the same week grouped. ACTIVITY: the team's events naming an engineer per hour of the week ÷
  // at its busiest hour, that share of the headcount present, in LAYERS layers. The share of held
  // time by engineers with a regular week is reported either way.
  const homeTeam = homeTeams(sessionsByEng, start, end);
  const balance = balancedShare(timelines, byEng, sessionsByEng, homeTeam, stepsOf, stepOfSegment, start, end);
  const presenceMethod = options.presence === 'rotas' || options.presence === 'activity' ? options.presence : balance >= BALANCED ? 'rotas' : 'activity';
  const rotaFit = presenceMethod === 'rotas' ? rotasOf(sessionsByEng, homeTeam, teamIds.length, start, end, clock) : undefined;
  // (rotas) the share of held time by engineers with a regular week of their own
  let heldAll = 0;
  let heldRegular = 0;
  if (rotaFit !== undefined) {
    for (const [eng, list] of byEng) {
      for (const h of list) {
        if (!h.active) continue;
        const ms = Math.max(0, Math.min(h.to, end) - Math.max(h.from, start));
        heldAll += ms;
        if (rotaFit.regular.has(eng)) heldRegular += ms;
      }
    }
  }
  let levels: number[][];
  let rotas: RotaGroup[][];
  if (rotaFit !== undefined) {
    rotas = rotaFit.groups;
    levels = rotas.map((groups) => {
      const total = groups.reduce((a, g) => a + g.engineers, 0);
      return Array.from({ length: 168 }, (_, h) => (total === 0 ? 1 : groups.reduce((a, g) => a + (g.week[h] ? g.engineers : 0), 0) / total));
    });
  } else {
    const hourEvents = teamIds.map(() => new Float64Array(168));
    for (const a of acting) if (a.at >= start && a.at < end) hourEvents[a.team][clock.hourOfWeek(a.at)]++;
    levels = hourEvents.map((h) => {
      const max = Math.max(...h);
      return Array.from(h, (v) => (max === 0 ? 1 : v / max));
    });
    rotas = [];
  }
  const layersAt = levels.map((l) => l.map((v) => Math.min(LAYERS, Math.floor(v * LAYERS + 0.5))));
  // Activity: layer l is one rota group, on where at least l + 1 layers are (dealt round-robin).
  if (presenceMethod === 'activity') rotas = layersAt.map((layers) => Array.from({ length: LAYERS }, (_, l) => ({ engineers: 1, week: layers.map((c) => c > l) })));
  const rotaOfEng = rotaFit?.byEng ?? new Map<string, boolean[]>();
  const presence = layersAt.map((l) => l.map((c) => c > 0));
  const presentTables = presence.map((p) => clock.presenceTable(p));

  // Per engineer: how many incidents they hold at once (time-weighted, while holding any).
  const concArea = teamIds.map(() => new Map<number, number>());
  for (const list of byEng.values()) {
    sweep(list, (a, b, held) => {
      if (a < start || a >= end) return;
      const ca = concArea[held[0].team];
      ca.set(held.length, (ca.get(held.length) ?? 0) + (b - a));
    });
  }
  // Concurrency per team: the time-weighted mean and the quantile of holdings per engineer.
  const concurrency = concArea.map((area) => {
    const ks = [...area].sort((a, b) => a[0] - b[0]);
    const total = ks.reduce((x, [, v]) => x + v, 0);
    let acc = 0;
    let cap = 1;
    for (const [k, v] of ks) {
      acc += v;
      cap = k;
      if (acc >= (options.concurrencyQuantile ?? 0.95) * total) break;
    }
    return { mean: total > 0 ? ks.reduce((x, [k, v]) => x + k * v, 0) / total : 1, cap: Math.max(1, cap) };
  });
  // Stretches in which a team was saturated (every present engineer at the concurrency cap): a
  // wait then is queueing, which the simulation makes itself, not dispatch latency.
  const saturated = teamIds.map(() => [] as [number, number][]);

  const headcountAt = (t: number, at: number) => {
    const w = Math.floor((at - start) / WEEK);
    const list = weekEngineers[t];
    return Math.max(1, list[Math.min(list.length - 1, Math.max(0, w))].size);
  };
  // Work content, the shared discipline inverted. Rotas, per engineer: over [a, b) in which an
  // engineer works k incidents (active, not pending), each receives their present time in
  // [a, b) ÷ k — present: in their rota's hours (from their first session to their last) or in a
  // session; holdings outside it receive nothing (held over, paused), as the simulation does.
  // Activity, per team: over [a, b) its K held incidents share its c present engineers (c from
  // the week's headcount and the hour's layers): each receives min(1, c ÷ K) of a person.
  const effortInWindow = new Float64Array(teamIds.length);
  const service: ('shared' | 'slots')[] = teamIds.map(() => 'shared');
  const serviceEvidence: { shared: number; slots: number }[] = teamIds.map(() => ({ shared: 0, slots: 0 }));
  if (presenceMethod === 'rotas') {
    // Both disciplines inverted at once: shared (each of the k gets 1 ÷ k of the present time)
    // and slots (each gets all of it, up to the capacity); and the load k each step saw.
    const workSlots = new Float64Array(slots);
    const kArea = new Float64Array(slots);
    const pArea = new Float64Array(slots);
    for (const [eng, list] of byEng) {
      const inSession = intervalIndex(presentStretches(sessionsByEng.get(eng) ?? [], rotaOfEng.get(eng), clock));
      sweep(list.filter((h) => h.active), (a, b, held) => {
        const p = inSession(a, b);
        if (p === 0) return;
        for (const x of held) {
          work[x.slot] += p / held.length;
          workSlots[x.slot] += p;
          kArea[x.slot] += p * held.length;
          pArea[x.slot] += p;
        }
      });
    }
    // The discipline per team: the one whose work content does not depend on how many incidents
    // the engineer held at once (Spearman's rank correlation nearer 0) — work is drawn before
    // anyone holds it. Shared when the two tie or the sample is small.
    for (let t = 0; t < teamIds.length; t++) {
      const sh: number[] = [];
      const sl: number[] = [];
      const ks: number[] = [];
      for (let i = 0; i < incidents.length; i++) {
        if (!inWin(i)) continue;
        for (let k = 0; k < stepsOf[i].length; k++) {
          const x = slotBase[i] + k;
          if (stepsOf[i][k] !== t || pArea[x] === 0) continue;
          sh.push(work[x]);
          sl.push(workSlots[x]);
          ks.push(kArea[x] / pArea[x]);
        }
      }
      if (sh.length < 30 || new Set(ks).size < 2) continue;
      const ev = { shared: Math.abs(sampleRankCorrelation(sh, ks)), slots: Math.abs(sampleRankCorrelation(sl, ks)) };
      serviceEvidence[t] = ev;
      if (ev.slots < ev.shared) service[t] = 'slots';
    }
    for (let i = 0; i < incidents.length; i++) {
      for (let k = 0; k < stepsOf[i].length; k++) {
        const x = slotBase[i] + k;
        if (service[stepsOf[i][k]] === 'slots') work[x] = workSlots[x];
      }
    }
    // (work content of the incidents opened in the window)
    for (let i = 0; i < incidents.length; i++) if (inWin(i)) for (let k = 0; k < stepsOf[i].length; k++) effortInWindow[stepsOf[i][k]] += work[slotBase[i] + k];
  } else {
    const heldByTeam = teamIds.map(() => [] as Held[]);
    for (const list of byEng.values()) for (const h of list) heldByTeam[h.team].push(h);
    heldByTeam.forEach((list, t) => {
      sweep(list, (a, b, held) => {
        const n = headcountAt(t, a);
        let each = 0;
        clock.eachHour(a, b, (h, ms) => {
          const c = staffed(n, layersAt[t][h]);
          if (c > 0) each += ms * Math.min(1, c / held.length);
        });
        if (each === 0) return;
        for (const x of held) work[x.slot] += each;
        if (a >= start && a < end) effortInWindow[t] += each * held.length;
      });
    });
  }
  // Per team: the incidents it holds at once over its present hours, and the stretches in which
  // it was saturated (every present engineer at the concurrency cap).
  const byTeam = teamIds.map(() => [] as Held[]);
  for (const list of byEng.values()) for (const h of list) byTeam[h.team].push(h);
  const heldArea = new Float64Array(teamIds.length);
  const presentStaff = new Float64Array(teamIds.length);
  const presentHours = new Float64Array(teamIds.length);
  byTeam.forEach((list, t) => {
    const layers = layersAt[t];
    sweep(list, (a, b, held) => {
      const n = headcountAt(t, a);
      const k = held.length;
      let present = 0;
      const sat = saturated[t];
      clock.eachHour(a, b, (h, ms, from) => {
        const c = staffed(n, layers[h]);
        if (c === 0) return;
        present += ms;
        if (k >= c * concurrency[t].cap) {
          const last = sat[sat.length - 1];
          if (last !== undefined && last[1] === from) last[1] = from + ms;
          else sat.push([from, from + ms]);
        }
      });
      if (a >= start && a < end) heldArea[t] += present * k;
    });
  });
  // Engineer-minutes present per team over the window: each engineer's present stretches
  // (rotas), or each week's headcount in the hour's layers (activity).
  if (presenceMethod === 'rotas') {
    for (const [eng, sessions] of sessionsByEng) {
      const team = homeTeam.get(eng);
      if (team === undefined) continue;
      presentStaff[team] += intervalIndex(presentStretches(sessions, rotaOfEng.get(eng), clock))(start, end);
    }
  } else {
    for (let t = 0; t < teamIds.length; t++) clock.eachHour(start, end, (h, ms, at) => { presentStaff[t] += ms * staffed(headcountAt(t, at), layersAt[t][h]); });
  }
  for (let t = 0; t < teamIds.length; t++) {
    clock.eachHour(start, end, (h, ms) => {
      if (layersAt[t][h] > 0) presentHours[t] += ms;
    });
  }

  // Teams.
  const teams: CapacityTeam[] = teamIds.map((id, t) => {
    const headcount = weekEngineers[t].map((s, w) => ({ week: win.weekly[win.lo + w].week, engineers: s.size }));
    const engineers = Math.max(1, Math.round(quantileSorted(headcount.map((h) => h.engineers).sort((a, b) => a - b), 0.5)));
    const { mean, cap } = concurrency[t];
    return {
      id,
      groups: t === OTHER ? [...groupCount.keys()].filter((g) => !teamOfGroup.has(g)).sort() : [top[t]],
      incidents: 0,
      headcount,
      engineers,
      level: levels[t],
      rota: rotas[t],
      service: service[t],
      serviceEvidence: serviceEvidence[t],
      layers: layersAt[t],
      concurrency: { mean, cap },
      effortMinutes: effortInWindow[t] / MIN,
      utilisation: presentStaff[t] > 0 ? effortInWindow[t] / presentStaff[t] : 0,
      meanHeld: presentHours[t] > 0 ? heldArea[t] / presentHours[t] : 0,
    };
  });

  // Priorities.
  const defaultPriority = options.defaultPriority ?? 'P3';
  const priorityOf = (inc: HistoricalIncident) => inc.priority ?? defaultPriority;
  const priorities: Record<string, number> = {};
  const pairs = new Map<string, Map<string, number>>();
  const windowIdx: number[] = [];
  for (let i = 0; i < incidents.length; i++) {
    if (!inWin(i)) continue;
    windowIdx.push(i);
    const inc = incidents[i];
    const p = priorityOf(inc);
    priorities[p] = (priorities[p] ?? 0) + 1;
    const im = level(inc.impact);
    const ur = level(inc.urgency);
    if (im && ur && inc.priority) {
      const m = pairs.get(`${im}|${ur}`) ?? new Map<string, number>();
      m.set(inc.priority, (m.get(inc.priority) ?? 0) + 1);
      pairs.set(`${im}|${ur}`, m);
    }
  }
  const matrix: Record<string, Record<string, string>> = {};
  for (const [key, m] of [...pairs].sort()) {
    const [im, ur] = key.split('|');
    (matrix[im] ??= {})[ur] = [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  }
  if (Object.keys(matrix).length === 0) {
    const most = Object.entries(priorities).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    matrix.medium = { medium: most };
  }

  // Recency weights.
  const resolvedIdx = windowIdx.filter((i) => incidents[i].resolvedAt !== undefined);
  const halfLife = options.halfLife === undefined || options.halfLife === 'auto'
    ? chooseHalfLife(resolvedIdx.map((i) => incidents[i]), start, end)
    : { weeks: options.halfLife, auto: false as const };
  const weight = (i: number) => (Number.isFinite(halfLife.weeks) ? 2 ** (-(end - incidents[i].openedAt) / WEEK / halfLife.weeks) : 1);

  // Saturated time inside [a, b) per team.
  const satIndex = saturated.map((list) => intervalIndex(list));

  // Classes: first team × priority, and (rotas) × next team for each next team that takes a real part of
  // the cell's incidents (at least PATH_SHARE of them and PATH_MIN incidents): their own class,
  // always moving on. The rest (resolved at the first team, or moved to a rarer next team) form
  // the cell's base class, which moves to its most common next team with the observed share.
  const cells = new Map<string, number[]>();
  for (const i of windowIdx) {
    const key = `${stepsOf[i][0]}|${priorityOf(incidents[i])}`;
    const l = cells.get(key);
    if (l) l.push(i);
    else cells.set(key, [i]);
  }
  // (rotas only: validated on the round trip; with activity presence the UCI backtest's P3 median
  // moved from −6% to −17% with it, while its overall median and P90 improved — see the README)
  const splitPaths = presenceMethod === 'rotas';
  const classCells: { t: number; p: string; next?: number; members: number[] }[] = [];
  for (const [key, members] of [...cells].sort((a, b) => {
    const [ta, pa] = a[0].split('|');
    const [tb, pb] = b[0].split('|');
    return +ta - +tb || pa.localeCompare(pb);
  })) {
    const [ts, p] = key.split('|');
    const t = +ts;
    const byNext = new Map<number, number[]>();
    for (const i of members) {
      if (stepsOf[i].length < 2) continue;
      const l = byNext.get(stepsOf[i][1]);
      if (l) l.push(i);
      else byNext.set(stepsOf[i][1], [i]);
    }
    const own = splitPaths ? [...byNext].filter(([, l]) => l.length >= PATH_MIN && l.length >= PATH_SHARE * members.length).sort((a, b) => a[0] - b[0]) : [];
    const taken = new Set(own.flatMap(([, l]) => l));
    const rest = members.filter((i) => !taken.has(i));
    if (rest.length > 0) classCells.push({ t, p, members: rest });
    for (const [next, l] of own) classCells.push({ t, p, next, members: l });
  }
  const classes: CapacityClass[] = [];
  for (const { t, p, next: forced, members } of classCells) {
    teams[t].incidents += members.length;
    const resolved = members.filter((i) => incidents[i].resolvedAt !== undefined);
    const basis = resolved.length > 0 ? resolved : members;
    const wsum = (list: number[]) => list.reduce((a, i) => a + weight(i), 0);
    const total = wsum(basis);
    const moved = basis.filter((i) => stepsOf[i].length > 1);
    const nextCount = new Map<number, number>();
    for (const i of moved) nextCount.set(stepsOf[i][1], (nextCount.get(stepsOf[i][1]) ?? 0) + weight(i));
    const next = forced ?? [...nextCount].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
    const sample = (list: number[], value: (i: number) => number) => weightedPercentiles(list.map((i) => [value(i), weight(i)] as [number, number]));
    const firstWork = (i: number) => work[slotBase[i]] / MIN;
    const path: CapacityStep[] = [{ team: teamIds[t], ...sample(basis, firstWork), resolves: next === undefined ? 1 : 1 - wsum(moved) / total }];
    if (next !== undefined) {
      const later = (i: number) => {
        let x = 0;
        for (let k = 1; k < stepsOf[i].length; k++) x += work[slotBase[i] + k];
        return x / MIN;
      };
      path.push({ team: teamIds[next], ...sample(moved, later), resolves: 1 });
    }
    const pended = basis.filter((i) => timelines[i].totals.pending > 0);
    const pickup = (i: number) => {
      const tl = timelines[i];
      const held = tl.segments.find((x) => x.phase !== 'pending' && (x.assignee !== undefined || x.phase === 'active'));
      const until = held?.from ?? tl.resolvedAt ?? (tl.segments.length > 0 ? tl.segments[tl.segments.length - 1].to : tl.openedAt);
      return Math.max(0, presentTables[t](tl.openedAt, until) - satIndex[t](tl.openedAt, until)) / MIN;
    };
    classes.push({
      name: forced === undefined ? `${teamIds[t]}-${p.toLowerCase()}` : `${teamIds[t]}-to-${teamIds[forced]}-${p.toLowerCase()}`,
      team: teamIds[t],
      priority: p,
      count: members.length,
      perWeek: members.length / weeks,
      path,
      pending: pended.length > 0 ? { probability: wsum(pended) / total, minutes: sample(pended, (i) => timelines[i].totals.pending / MIN).work } : undefined,
      pickup: sample(basis, pickup).work,
      reassignments: members.reduce((a, i) => a + (incidents[i].reassignments ?? 0), 0) / members.length,
    });
  }

  // Arrivals: hour-of-week profile, dispersion and trend of the weekly counts.
  const hourOfWeek = new Array<number>(168).fill(0);
  for (const i of windowIdx) hourOfWeek[clock.hourOfWeek(incidents[i].openedAt)] += 1 / weeks;
  const counts = win.weekly.slice(win.lo, win.hi + 1).map((w) => w.count);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const variance = counts.length > 1 ? counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (counts.length - 1) : mean;
  const xm = (counts.length - 1) / 2;
  const sxx = counts.reduce((s, _, k) => s + (k - xm) ** 2, 0);
  const slope = sxx > 0 ? counts.reduce((s, c, k) => s + (k - xm) * (c - mean), 0) / sxx : 0;
  // Around the trend line (n − 2 degrees of freedom): the week-to-week variation left to simulate.
  const residual = counts.length > 2 ? counts.reduce((s, c, k) => s + (c - mean - slope * (k - xm)) ** 2, 0) / (counts.length - 2) : mean;

  const med = (xs: number[]) => (xs.length > 0 ? quantileSorted(xs.sort((a, b) => a - b), 0.5) : 0);
  const res = windowIdx.filter((i) => incidents[i].resolvedAt !== undefined);
  const held = (tl: Timeline) => tl.totals.active + tl.segments.filter((s) => s.phase === 'queued' && s.assignee !== undefined).reduce((a, s) => a + s.to - s.from, 0);
  return {
    zone,
    incidents: incidents.length,
    window: win,
    perWeek: mean,
    hourOfWeek,
    dispersion: mean > 0 ? variance / mean : 1,
    residualDispersion: mean > 0 ? Math.max(1, residual / mean) : 1,
    trendPerWeek: mean > 0 ? slope / mean : 0,
    halfLife,
    priorities,
    matrix,
    defaultPriority: incidents.some((i) => i.priority === undefined) ? defaultPriority : undefined,
    presence: { method: presenceMethod, ...(rotaFit !== undefined ? { regularShare: heldAll > 0 ? heldRegular / heldAll : 0 } : {}), balanced: balance },
    teams: pooled ? teams : teams.filter((t) => t.id !== 'other'),
    classes,
    observed: {
      resolved: res.length,
      medianQueuedBeforeWork: med(res.map((i) => timelines[i].queuedBeforeFirst / MIN)),
      medianHeld: med(res.map((i) => held(timelines[i]) / MIN)),
      medianPending: med(res.map((i) => timelines[i].totals.pending / MIN)),
      medianResolve: med(res.map((i) => (incidents[i].resolvedAt! - incidents[i].openedAt) / MIN)),
      reopened: res.filter((i) => timelines[i].reopens > 0).length,
    },
  };
}

/**
 * Walks the elementary stretches of a set of holdings: calls `each(a, b, held)` for every
 * [a, b) over which the same (non-empty) set is held. `held` is reused: read it, do not keep it.
 */
function sweep(list: readonly Held[], each: (a: number, b: number, held: readonly Held[]) => void): void {
  const bounds: { t: number; d: number; h: Held }[] = [];
  for (const h of list) if (h.to > h.from) bounds.push({ t: h.from, d: 1, h }, { t: h.to, d: -1, h });
  bounds.sort((x, y) => x.t - y.t || x.d - y.d);
  const held: Held[] = [];
  let last = bounds.length > 0 ? bounds[0].t : 0;
  for (const { t, d, h } of bounds) {
    if (t > last && held.length > 0) each(last, t, held);
    last = t;
    if (d > 0) held.push(h);
    else {
      const at = held.lastIndexOf(h);
      if (at >= 0) {
        held[at] = held[held.length - 1];
        held.pop();
      }
    }
  }
}

/** Maps the log's group names to the fit's team ids (groups the fit pooled or never saw: "other"). */
export function teamMapper(fit: Pick<CapacityFit, 'teams'>): (group: string | undefined) => string {
  const byGroup = new Map<string, string>();
  for (const t of fit.teams) if (t.id !== 'other') for (const g of t.groups) byGroup.set(g, t.id);
  const other = fit.teams.some((t) => t.id === 'other') ? 'other' : fit.teams[fit.teams.length - 1].id;
  return (g) => (g !== undefined ? (byGroup.get(g) ?? other) : other);
}

/** The teams that held an incident in order (consecutive repeats merged), as the fit names teams. */
export function pathTeams(inc: HistoricalIncident, teamOf: (group: string | undefined) => string): string[] {
  const groups = timelineOf(inc)?.groups ?? [];
  const out: string[] = [];
  for (const g of groups.length > 0 ? groups : [inc.group]) {
    const t = teamOf(g);
    if (out[out.length - 1] !== t) out.push(t);
  }
  return out;
}

/**
 * The class of the fit an incident belongs to by what the log shows of it: its first team and
 * priority, and its next team when that has a class of its own (fitting: ITIL figures per class).
 */
export function observedClass(fit: Pick<CapacityFit, 'classes' | 'defaultPriority'>, inc: HistoricalIncident, teamOf: (group: string | undefined) => string): string | undefined {
  const path = pathTeams(inc, teamOf);
  const p = (inc.priority ?? fit.defaultPriority ?? 'P3').toLowerCase();
  const names = new Set(fit.classes.map((c) => c.name));
  const moved = path.length > 1 ? `${path[0]}-to-${path[1]}-${p}` : undefined;
  if (moved !== undefined && names.has(moved)) return moved;
  return names.has(`${path[0]}-${p}`) ? `${path[0]}-${p}` : undefined;
}

/**
 * The class an arriving incident gets in a replay, knowing only what is known at arrival (its
 * first team and priority): one of that cell's classes (its base class and a class per next team
 * with its own), drawn in proportion to their rates by a hash of the incident's id, so the same
 * incident always gets the same class and no outcome of the test window leaks into its input.
 * Undefined when the fit has no class of that cell.
 */
export function arrivalClass(fit: Pick<CapacityFit, 'classes'>, id: string, team: string, priority: string): string | undefined {
  const cands = fit.classes.filter((c) => c.team === team && c.priority === priority);
  if (cands.length <= 1) return cands[0]?.name;
  const total = cands.reduce((a, c) => a + c.perWeek, 0);
  let u = unitHash(id) * total;
  for (const c of cands) {
    u -= c.perWeek;
    if (u < 0) return c.name;
  }
  return cands[cands.length - 1].name;
}

/** A uniform number in [0, 1) from a string (FNV-1a, 32 bits). */
function unitHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

/** The team that first held an incident (its first group's), as the fit names teams. */
export function firstTeam(inc: HistoricalIncident, teamOf: (group: string | undefined) => string): string {
  return pathTeams(inc, teamOf)[0];
}

/**
 * Headcount per team and ISO week: the distinct assignees who held (active, or assigned while
 * queued) one of the team's incidents at some moment of the week. `weeks` weeks from `start`.
 */
export function observedHeadcount(incidents: readonly HistoricalIncident[], teamOf: (group: string | undefined) => string, start: number, weeks: number): Map<string, number[]> {
  const sets = new Map<string, Set<string>[]>();
  const end = start + weeks * WEEK;
  for (const inc of incidents) {
    const tl = timelineOf(inc);
    if (tl === undefined) continue;
    for (const s of tl.segments) {
      if (s.assignee === undefined || s.phase === 'pending' || s.to <= start || s.from >= end) continue;
      const team = teamOf(s.group ?? tl.groups[0]);
      let list = sets.get(team);
      if (list === undefined) sets.set(team, (list = Array.from({ length: weeks }, () => new Set<string>())));
      const w0 = Math.max(0, Math.floor((s.from - start) / WEEK));
      const w1 = Math.min(weeks - 1, Math.floor((s.to - 1 - start) / WEEK));
      for (let w = w0; w <= w1; w++) list[w].add(s.assignee);
    }
  }
  return new Map([...sets].map(([t, l]) => [t, l.map((s) => s.size)]));
}

/** 101 percentiles of a weighted sample ([value, weight] pairs), its size and weighted mean. */
export function weightedPercentiles(pairs: [number, number][]): { work: number[]; n: number; mean: number } {
  if (pairs.length === 0) return { work: [0], n: 0, mean: 0 };
  pairs.sort((a, b) => a[0] - b[0]);
  const total = pairs.reduce((s, p) => s + p[1], 0);
  const mean = pairs.reduce((s, p) => s + p[0] * p[1], 0) / total;
  const out: number[] = [];
  let acc = 0;
  let k = 0;
  for (let q = 0; q <= 100; q++) {
    const target = (q / 100) * total;
    while (k < pairs.length - 1 && acc + pairs[k][1] < target) acc += pairs[k++][1];
    out.push(pairs[k][0]);
  }
  return { work: out, n: pairs.length, mean };
}

/**
 * Chooses the recency half-life by validation inside the window: the last quarter of its weeks
 * (at least one) is held out; for each candidate the weighted distribution of log10(hours to
 * resolve) of the incidents opened before it (weights counted back from the hold-out's start) is
 * compared with the hold-out's by Wasserstein-1 distance; the smallest distance wins, the longer
 * half-life on ties within 0.005 (a drifting log gets a short memory, a steady one a long one).
 * Fewer than 4 weeks: no weighting.
 */
export function chooseHalfLife(resolved: readonly HistoricalIncident[], start: number, end: number): CapacityFit['halfLife'] {
  const weeks = Math.round((end - start) / WEEK);
  if (weeks < 4) return { weeks: Infinity, auto: true };
  const hold = Math.max(1, Math.round(weeks / 4));
  const cut = end - hold * WEEK;
  const ttr = (i: HistoricalIncident) => Math.log10(Math.max(1 / 60, (i.resolvedAt! - i.openedAt) / HOUR));
  const inner = resolved.filter((i) => i.openedAt < cut);
  const held = resolved.filter((i) => i.openedAt >= cut).map(ttr).sort((a, b) => a - b);
  if (inner.length < 20 || held.length < 20) return { weeks: Infinity, auto: true };
  const grid = 200;
  const heldQ = Array.from({ length: grid }, (_, k) => quantileSorted(held, (k + 0.5) / grid));
  const candidates = HALF_LIVES.map((h) => {
    const pairs = inner.map((i) => [ttr(i), Number.isFinite(h) ? 2 ** (-(cut - i.openedAt) / WEEK / h) : 1] as [number, number]);
    pairs.sort((a, b) => a[0] - b[0]);
    const total = pairs.reduce((s, p) => s + p[1], 0);
    let acc = 0;
    let k = 0;
    let w1 = 0;
    for (let g = 0; g < grid; g++) {
      const target = ((g + 0.5) / grid) * total;
      while (k < pairs.length - 1 && acc + pairs[k][1] < target) acc += pairs[k++][1];
      w1 += Math.abs(pairs[k][0] - heldQ[g]) / grid;
    }
    return { halfLife: h, w1 };
  });
  const bestW1 = Math.min(...candidates.map((c) => c.w1));
  const chosen = [...candidates].reverse().find((c) => c.w1 <= bestW1 + 0.005)!;
  return { weeks: chosen.halfLife, auto: true, validation: { weeks: hold, candidates } };
}

/** A next team gets its own class when it takes at least this share of a first team × priority cell… */
export const PATH_SHARE = 0.05;
/** …and at least this many incidents. */
export const PATH_MIN = 20;

/** Events of one engineer further apart than this end a session (ms). */
export const SESSION_GAP = 4 * HOUR;
/** A stretch in which an engineer is taken to be at work, for one team. */
export interface Session {
  from: number;
  to: number;
  /** its first and last events (from and to are widened) */
  first: number;
  last: number;
  team: number;
}

/**
 * Sessions per engineer from the events naming them: consecutive events less than SESSION_GAP
 * apart belong to one session. Events fall at random inside the stretch an engineer is at work,
 * so the stretch starts before its first event and ends after its last by about the mean gap
 * between their events (for events at a steady rate, the expected wait from the start to the
 * first event is the mean gap): each session is widened by the engineer's mean within-session
 * gap (at most SESSION_GAP ÷ 2) on both sides, overlaps merged, for the team most of its events
 * are for. Sorted by time.
 */
export function sessionsOf(acting: readonly { at: number; assignee: string; team: number }[]): Map<string, Session[]> {
  const byEng = new Map<string, { at: number; team: number }[]>();
  for (const a of acting) {
    let l = byEng.get(a.assignee);
    if (l === undefined) byEng.set(a.assignee, (l = []));
    l.push({ at: a.at, team: a.team });
  }
  const out = new Map<string, Session[]>();
  for (const [eng, events] of byEng) {
    events.sort((x, y) => x.at - y.at);
    const runs: [number, number][] = [];
    let gaps = 0;
    let gapSum = 0;
    let i = 0;
    while (i < events.length) {
      let j = i;
      while (j + 1 < events.length && events[j + 1].at - events[j].at < SESSION_GAP) {
        gapSum += events[j + 1].at - events[j].at;
        gaps++;
        j++;
      }
      runs.push([i, j]);
      i = j + 1;
    }
    const pad = Math.min(SESSION_GAP / 2, gaps > 0 ? gapSum / gaps : SESSION_GAP / 2);
    const sessions: Session[] = [];
    for (const [i, j] of runs) {
      const votes = new Map<number, number>();
      for (let k = i; k <= j; k++) votes.set(events[k].team, (votes.get(events[k].team) ?? 0) + 1);
      const team = [...votes].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0][0];
      const from = events[i].at - pad;
      const to = events[j].at + pad;
      const last = sessions[sessions.length - 1];
      if (last !== undefined && last.to >= from) {
        last.to = to;
        last.last = events[j].at;
      } else sessions.push({ from, to, first: events[i].at, last: events[j].at, team });
    }
    out.set(eng, sessions);
  }
  return out;
}

/** An engineer's present stretches: their rota's hours from their first session to their last, and their sessions (from first to last event when they have a rota), merged and sorted. */
function presentStretches(sessions: readonly Session[], week: readonly boolean[] | undefined, clock: { eachHour(a: number, b: number, each: (h: number, ms: number, from: number) => void): void }): [number, number][] {
  // With a rota, sessions add only what their events span (overtime); without, their widened stretch.
  const raw: [number, number][] = sessions.map((x) => (week !== undefined ? [x.first, x.last] : [x.from, x.to]));
  if (week !== undefined && sessions.length > 0) {
    clock.eachHour(sessions[0].from, sessions[sessions.length - 1].to, (h, ms, from) => {
      if (week[h]) raw.push([from, from + ms]);
    });
  }
  raw.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of raw) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The measure of [a, b) covered by sorted, disjoint stretches (prefix sums and a binary search). */
function intervalIndex(list: [number, number][]): (a: number, b: number) => number {
  list.sort((x, y) => x[0] - y[0]);
  const cum = [0];
  for (const [x, y] of list) cum.push(cum[cum.length - 1] + (y - x));
  const upTo = (t: number) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][1] <= t) lo = mid + 1;
      else hi = mid;
    }
    return cum[lo] + (lo < list.length && list[lo][0] < t ? t - list[lo][0] : 0);
  };
  return (a, b) => Math.max(0, upTo(b) - upTo(a));
}

/** Each engineer's home team: the one they had most session time for in [start, end). */
function homeTeams(sessionsByEng: ReadonlyMap<string, readonly Session[]>, start: number, end: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [eng, sessions] of sessionsByEng) {
    const time = new Map<number, number>();
    for (const x of sessions) if (x.to > start && x.from < end) time.set(x.team, (time.get(x.team) ?? 0) + (x.to - x.from));
    if (time.size > 0) out.set(eng, [...time].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0]);
  }
  return out;
}

/** Days on which an engineer worked in fewer than this share of their weeks are not in their rota. */
export const ROTA_DAY_SHARE = 0.5;
/** Rota groups per team at most (the most similar merged beyond it). */
export const ROTA_GROUPS = 12;
/** Rota groups whose weeks are at least this alike (Jaccard of their hours) are merged. */
export const ROTA_MERGE = 0.6;

/**
 * Each engineer's usual week, from their sessions in [start, end): a session belongs to the
 * weekday of its midpoint (local); a weekday is in the engineer's rota when they had a session
 * on it in at least ROTA_DAY_SHARE of the weeks they were seen at all, from the 10th percentile
 * of those sessions' first events to the 90th of their last (events fall inside the hours worked, so
 * the hours' edges are the early starts and the late ends), rounded to the hour. Engineers with
 * the same week form one group, on the team they had most session time for; past ROTA_GROUPS a
 * team's smallest group joins the most similar (Jaccard of the hours). Engineers whose weeks have
 * no regular day work their team's largest group's week (so the work inversion and the scenario's
 * dealt engineers agree); `regular` names those with a week of their own.
 */
function rotasOf(sessionsByEng: ReadonlyMap<string, Session[]>, homeTeam: ReadonlyMap<string, number>, teams: number, start: number, end: number, clock: { timeOfWeek(ms: number): number }): { groups: RotaGroup[][]; byEng: Map<string, boolean[]>; regular: Set<string> } {
  const DAY = 24 * HOUR;
  const groups = Array.from({ length: teams }, () => new Map<string, { members: string[]; week: boolean[] }>());
  const engineers = [...homeTeam].sort((a, b) => a[0].localeCompare(b[0]));
  for (const [eng, team] of engineers) {
    const inWin = sessionsByEng.get(eng)!.filter((x) => x.to > start && x.from < end);
    const weeksSeen = new Set<number>();
    const byDay = Array.from({ length: 7 }, () => ({ weeks: new Set<number>(), starts: [] as number[], ends: [] as number[] }));
    for (const x of inWin) {
      const mid = (x.first + x.last) / 2;
      const tow = clock.timeOfWeek(mid);
      const d = Math.floor(tow / DAY);
      const dayStart = mid - (tow - d * DAY);
      const week = Math.floor((mid - start) / WEEK);
      weeksSeen.add(week);
      byDay[d].weeks.add(week);
      byDay[d].starts.push(x.first - dayStart);
      byDay[d].ends.push(x.last - dayStart);
    }
    const week = new Array<boolean>(168).fill(false);
    let any = false;
    byDay.forEach((day, d) => {
      if (day.weeks.size < ROTA_DAY_SHARE * weeksSeen.size) return;
      const from = Math.round(quantileSorted(day.starts.sort((a, b) => a - b), 0.1) / HOUR);
      const to = Math.round(quantileSorted(day.ends.sort((a, b) => a - b), 0.9) / HOUR);
      for (let h = from; h < to && h < from + 24; h++) {
        week[(((d * 24 + h) % 168) + 168) % 168] = true;
        any = true;
      }
    });
    if (!any) continue;
    const key = week.map((b) => (b ? '1' : '0')).join('');
    const g = groups[team].get(key);
    if (g) g.members.push(eng);
    else groups[team].set(key, { members: [eng], week });
  }
  // Engineers without a regular day work their team's largest rota (the scenario's engineers are
  // dealt the same way), in the work inversion as in the simulation.
  const merged = groups.map((m) => mergeRotas([...m.values()]));
  const byEng = new Map<string, boolean[]>();
  for (const list of merged) for (const g of list) for (const e of g.members) byEng.set(e, g.week);
  const regular = new Set(byEng.keys());
  for (const [eng, team] of engineers) {
    if (byEng.has(eng)) continue;
    const g = merged[team][0];
    g.members.push(eng);
    byEng.set(eng, g.week);
  }
  return { byEng, regular, groups: merged.map((list) => list.map((g) => ({ engineers: Math.max(1, g.members.length), week: g.week }))) };
}

/**
 * Merges a team's rota groups: while two have weeks at least ROTA_MERGE alike (Jaccard of their
 * hours), or there are more than ROTA_GROUPS, the most alike pair becomes one group whose week is
 * the hours at least half its engineers work. Largest groups first. No group at all: one engineer
 * present around the clock (what the log cannot tell).
 */
function mergeRotas(start: { members: string[]; week: boolean[] }[]): { members: string[]; week: boolean[] }[] {
  const list = start.map((g) => ({ members: g.members, votes: g.week.map((on) => (on ? g.members.length : 0)), week: g.week }));
  for (;;) {
    let bi = -1;
    let bj = -1;
    let best = -1;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const x = jaccard(list[i].week, list[j].week);
        if (x > best) {
          best = x;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || (best < ROTA_MERGE && list.length <= ROTA_GROUPS)) break;
    const a = list[bi];
    const b = list[bj];
    const members = [...a.members, ...b.members];
    const votes = a.votes.map((v, h) => v + b.votes[h]);
    list[bi] = { members, votes, week: votes.map((v) => v * 2 >= members.length) };
    list.splice(bj, 1);
  }
  const out = list.map((g) => ({ members: g.members, week: g.week.some(Boolean) ? g.week : new Array<boolean>(168).fill(true) }));
  out.sort((a, b) => b.members.length - a.members.length || hours(b.week) - hours(a.week) || a.week.indexOf(true) - b.week.indexOf(true));
  if (out.length === 0) out.push({ members: [], week: new Array<boolean>(168).fill(true) });
  return out;
}

function hours(week: readonly boolean[]): number {
  return week.reduce((a, b) => a + (b ? 1 : 0), 0);
}

function jaccard(a: readonly boolean[], b: readonly boolean[]): number {
  let both = 0;
  let either = 0;
  for (let h = 0; h < 168; h++) {
    if (a[h] && b[h]) both++;
    if (a[h] || b[h]) either++;
  }
  return either === 0 ? 1 : both / either;
}


/** Assignments sampled per fit for balancedShare (every k-th, deterministic). */
const BALANCE_SAMPLE = 20_000;

/**
 * How balanced the log's assignments are: the share of assignments (an assignee newly holding an
 * incident, in the window) that went to an engineer holding at most one more incident than the
 * least loaded of the team's engineers in a session then — 1 for least-loaded routing, lower
 * where some people collect tickets while others present hold few.
 */
function balancedShare(
  timelines: readonly Timeline[],
  byEng: ReadonlyMap<string, readonly Held[]>,
  sessionsByEng: ReadonlyMap<string, readonly Session[]>,
  teamOfEng: ReadonlyMap<string, number>,
  stepsOf: readonly number[][],
  stepOfSegment: readonly number[][],
  start: number,
  end: number,
): number {
  const starts = new Map<string, Float64Array>();
  const ends = new Map<string, Float64Array>();
  for (const [eng, list] of byEng) {
    const act = list.filter((h) => h.active);
    starts.set(eng, Float64Array.from(act.map((h) => h.from)).sort());
    ends.set(eng, Float64Array.from(act.map((h) => h.to)).sort());
  }
  const upTo = (xs: Float64Array | undefined, t: number) => {
    if (xs === undefined) return 0;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const holding = (eng: string, t: number) => upTo(starts.get(eng), t) - upTo(ends.get(eng), t + 1);
  const inSession = (eng: string, t: number) => {
    const list = sessionsByEng.get(eng);
    if (list === undefined) return false;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].from <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && t < list[lo - 1].to;
  };
  const members = new Map<number, string[]>();
  for (const [eng, t] of teamOfEng) {
    const l = members.get(t);
    if (l) l.push(eng);
    else members.set(t, [eng]);
  }
  const picks: { eng: string; at: number; team: number }[] = [];
  timelines.forEach((tl, i) => {
    const segs = tl.segments;
    for (let k = 0; k < segs.length; k++) {
      const sg = segs[k];
      if (sg.assignee === undefined || sg.phase !== 'active' || sg.from < start || sg.from >= end) continue;
      if (k > 0 && segs[k - 1].assignee === sg.assignee) continue;
      picks.push({ eng: sg.assignee, at: sg.from, team: stepsOf[i][stepOfSegment[i][k]] });
    }
  });
  if (picks.length === 0) return 1;
  const every = Math.max(1, Math.floor(picks.length / BALANCE_SAMPLE));
  let n = 0;
  let balanced = 0;
  for (let j = 0; j < picks.length; j += every) {
    const { eng, at, team } = picks[j];
    const mine = holding(eng, at);
    let least = mine;
    for (const other of members.get(team) ?? []) if (other !== eng && inSession(other, at)) least = Math.min(least, holding(other, at));
    n++;
    if (mine <= least + 1) balanced++;
  }
  return balanced / n;
}
