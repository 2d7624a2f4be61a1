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
import { timelineOf, type Timeline } from './timeline.js';
import { chooseWindow, localClock, type WindowChoice } from './weeks.js';
import { slug } from './history.js';

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
}

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
  /** 168 presence levels, Monday 00:00 first: the team's events in that hour ÷ in its busiest hour */
  level: number[];
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
  trendPerWeek: number;
  /** the recency weighting used, weeks, and how 'auto' chose it (W1 of log10 hours to resolve per candidate) */
  halfLife: { weeks: number; auto: boolean; validation?: { weeks: number; candidates: { halfLife: number; w1: number }[] } };
  priorities: Record<string, number>;
  /** impact → urgency → most frequent priority; one row `medium: { medium: P }` without impact/urgency */
  matrix: Record<string, Record<string, string>>;
  defaultPriority?: string;
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
      if (resumed || e.at < start || e.at >= end || e.assignee === undefined) continue;
      const t = teamOf(e.group ?? group);
      if (t >= 0) acting.push({ at: e.at, assignee: e.assignee, team: t });
    }
  }
  const hourEvents = teamIds.map(() => new Float64Array(168));
  for (const a of acting) hourEvents[a.team][clock.hourOfWeek(a.at)]++;
  // Presence LEVEL per hour of week: the team's events then ÷ at its busiest hour. Its engineers are dealt round-robin into LAYERS layers; layer l is present in the
  // hours whose level is at least (l + 0.5) ÷ LAYERS, so about level × headcount engineers are
  // present in each hour.
  const levels = hourEvents.map((h) => {
    const max = Math.max(...h);
    return Array.from(h, (v) => (max === 0 ? 1 : v / max));
  });
  const layersAt = levels.map((l) => l.map((v) => Math.min(LAYERS, Math.floor(v * LAYERS + 0.5))));
  const presence = layersAt.map((l) => l.map((c) => c > 0));
  const presentTables = presence.map((p) => clock.presenceTable(p));
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
      const h: Held = { eng: s.assignee, from: s.from, to: s.to, slot: slotBase[i] + step, team };
      let list = byEng.get(s.assignee);
      if (list === undefined) byEng.set(s.assignee, (list = []));
      list.push(h);
      const w0 = Math.max(0, Math.floor((Math.max(s.from, start) - start) / WEEK));
      const w1 = Math.min(weeks - 1, Math.floor((Math.min(s.to, end) - 1 - start) / WEEK));
      for (let w = w0; w <= w1 && s.to > start && s.from < end; w++) weekEngineers[team][w].add(s.assignee);
    }
  }
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

  // Per team: over [a, b) its K held incidents share its n engineers present for p minutes
  // (n = the week's headcount): each incident gets p × min(1, n ÷ K) of work.
  const headcountAt = (t: number, at: number) => {
    const w = Math.floor((at - start) / WEEK);
    const list = weekEngineers[t];
    return Math.max(1, list[Math.min(list.length - 1, Math.max(0, w))].size);
  };
  const byTeam = teamIds.map(() => [] as Held[]);
  for (const list of byEng.values()) for (const h of list) byTeam[h.team].push(h);
  const effortInWindow = new Float64Array(teamIds.length);
  const heldArea = new Float64Array(teamIds.length);
  const presentStaff = new Float64Array(teamIds.length);
  const presentHours = new Float64Array(teamIds.length);
  byTeam.forEach((list, t) => {
    const layers = layersAt[t];
    sweep(list, (a, b, held) => {
      const n = headcountAt(t, a);
      const k = held.length;

      let each = 0;
      let present = 0;
      const sat = saturated[t];
      clock.eachHour(a, b, (h, ms, from) => {
        const c = staffed(n, layers[h]);
        if (c === 0) return;
        each += ms * Math.min(1, c / k);
        present += ms;
        if (k >= c * concurrency[t].cap) {
          const last = sat[sat.length - 1];
          if (last !== undefined && last[1] === from) last[1] = from + ms;
          else sat.push([from, from + ms]);
        }
      });
      if (each === 0) return;
      for (const x of held) work[x.slot] += each;
      if (a >= start && a < end) {
        effortInWindow[t] += each * k;
        heldArea[t] += present * k;
      }
    });
  });
  // Engineer-minutes present per team over the window (each week's headcount).
  for (let t = 0; t < teamIds.length; t++) {
    clock.eachHour(start, end, (h, ms, at) => {
      presentStaff[t] += ms * staffed(headcountAt(t, at), layersAt[t][h]);
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

  // Saturated time inside [a, b) per team (sorted stretches, prefix sums).
  const satIndex = saturated.map((list) => {
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
    return (x: number, y: number) => Math.max(0, upTo(y) - upTo(x));
  });

  // Classes: first team × priority.
  const cells = new Map<string, number[]>();
  for (const i of windowIdx) {
    const key = `${stepsOf[i][0]}|${priorityOf(incidents[i])}`;
    const l = cells.get(key);
    if (l) l.push(i);
    else cells.set(key, [i]);
  }
  const classes: CapacityClass[] = [];
  for (const [key, members] of [...cells].sort((a, b) => {
    const [ta, pa] = a[0].split('|');
    const [tb, pb] = b[0].split('|');
    return +ta - +tb || pa.localeCompare(pb);
  })) {
    const [ts, p] = key.split('|');
    const t = +ts;
    teams[t].incidents += members.length;
    const resolved = members.filter((i) => incidents[i].resolvedAt !== undefined);
    const basis = resolved.length > 0 ? resolved : members;
    const wsum = (list: number[]) => list.reduce((a, i) => a + weight(i), 0);
    const total = wsum(basis);
    const moved = basis.filter((i) => stepsOf[i].length > 1);
    const nextCount = new Map<number, number>();
    for (const i of moved) nextCount.set(stepsOf[i][1], (nextCount.get(stepsOf[i][1]) ?? 0) + weight(i));
    const next = [...nextCount].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
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
      name: `${teamIds[t]}-${p.toLowerCase()}`,
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
    trendPerWeek: mean > 0 ? slope / mean : 0,
    halfLife,
    priorities,
    matrix,
    defaultPriority: incidents.some((i) => i.priority === undefined) ? defaultPriority : undefined,
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

/** "1 - High" / "High" → "high"; also medium (moderate) and low. */
function level(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const m = /(high|medium|moderate|low)\s*$/i.exec(s);
  if (m === null) return undefined;
  const l = m[1].toLowerCase();
  return l === 'moderate' ? 'medium' : l;
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
