/**
 * Calibration: from imported incidents (src/io/import) to the numbers a scenario needs — weekly
 * volume and hour-of-week arrival profile, priority mix, per-group and per-priority work-time
 * distributions (maximum likelihood, best family by AIC, KS reported), reassignment rate, and team
 * size and concurrency from observed throughput. Pure function of the incidents and options.
 *
 * Units: instants are epoch ms (as imported), durations minutes.
 */
import { UserError } from '../errors.js';
import type { HistoricalIncident } from '../io/import/types.js';
import { fitDurations, matchAt, quantileSorted, type DurationFit } from './select.js';
import { mixtureMedian } from './check.js';
import { chooseWindow, weekLocator } from './weeks.js';

export interface FitOptions {
  /** IANA zone for weeks and hours of the week (default UTC). */
  zone?: string;
  /** First ISO week of the fitting window ("2016-W09"); default: chosen automatically. */
  from?: string;
  /** Last ISO week of the window (inclusive). */
  to?: string;
  /**
   * Automatic window: the longest run of consecutive ISO weeks each with at least this share of
   * the busiest week's volume (default 0.5). Exports of closed tickets thin out at their end.
   */
  minWeekShare?: number;
  /** Groups modelled as their own team, by volume (default 8); the rest share a team "other". */
  teams?: number;
  /** Smallest sample fitted on its own (default 50); smaller classes use their priority's fit. */
  minSample?: number;
  /** Families to choose among (default all). */
  families?: string[];
  /** Headroom on the most incidents observed open at once when sizing teams (default 1.2). */
  headroom?: number;
  /**
   * Largest relative error allowed between a priority's observed median opened → resolved and
   * the median of its classes' fitted work times mixed by rate (default 0.05); beyond it the
   * priority's fits are re-chosen to match (see FittedClass.work).
   */
  medianTolerance?: number;
}

/** One ISO week's arrivals. */
export interface WeekVolume {
  week: string;
  /** Monday 00:00 of the week in the fit zone, epoch ms */
  start: number;
  count: number;
}

/** A modelled team: one assignment group, or the pooled rest. */
export interface FittedTeam {
  id: string;
  /** the export's group names it stands for ("(none)" for incidents without a group) */
  groups: string[];
  /** incidents opened in the window */
  incidents: number;
  /** median number of distinct final assignees of the incidents resolved in a week (≥ 1) */
  engineers: number;
  /** concurrent incidents per engineer: ceil(headroom × maxOpen ÷ engineers) */
  capacity: number;
  /** incidents of this team open at once: time-average and maximum (hourly samples) over the window */
  meanOpen: number;
  maxOpen: number;
  /** incidents resolved per week in the window, mean */
  resolvedPerWeek: number;
}

/** An arrival class: one team × one priority. */
export interface FittedClass {
  name: string;
  team: string;
  priority: string;
  /** incidents opened in the window */
  count: number;
  perWeek: number;
  /**
   * the work-time fit used: the class's own; for a class with fewer than minSample resolved, the
   * pool of its priority's small classes (if it has at least 10 resolved), else its priority's,
   * its team's or the window's
   */
  work: DurationFit;
  workFrom: 'class' | 'pool' | 'priority' | 'team' | 'window';
  /**
   * incidents closed without a resolution time: their share of the class, and the fit of their
   * closed − opened times (one fit over the window); absent when there are none
   */
  closedUnresolved?: { share: number; after: DurationFit };
  /** share of the class's incidents reassigned at least once */
  reassignedShare: number;
  /** mean reassignments per incident */
  reassignments: number;
}

export interface FitResult {
  zone: string;
  /** incidents given to the fit (before the window) */
  incidents: number;
  /** arrivals of every week from the first to the last, zero weeks included */
  weekly: WeekVolume[];
  window: { from: string; to: string; start: number; end: number; weeks: number; incidents: number; auto: boolean; minWeekShare: number };
  /** mean arrivals per week in the window */
  perWeek: number;
  /** mean arrivals in each hour of the week, per week (168 values, Monday 00:00 first) */
  hourOfWeek: number[];
  /** incidents per priority in the window ("none" for missing) */
  priorities: Record<string, number>;
  /** the 10 most frequent categories in the window */
  categories: { category: string; count: number }[];
  /** impact → urgency → most frequent priority (levels high / medium / low) */
  matrix: Record<string, Record<string, string>>;
  reassignment: { mean: number; share: number; max: number };
  /** opened → resolved, per priority, over the window's resolved incidents */
  workByPriority: Record<string, DurationFit>;
  /** opened → resolved, per modelled team */
  workByTeam: Record<string, DurationFit>;
  /** incidents in the window without a resolution time (not in the work fits) */
  unresolved: number;
  teams: FittedTeam[];
  classes: FittedClass[];
}

const HOUR = 3_600_000;
/** Resolved incidents a pool of small classes needs to get its own fit. */
const MIN_POOL = 10;
const WEEK = 7 * 24 * HOUR;

/** Fits everything a scenario needs from `incidents` (see FitOptions for the choices made). */
export function fitHistory(incidents: readonly HistoricalIncident[], options: FitOptions = {}): FitResult {
  const zone = options.zone ?? 'UTC';
  const minSample = options.minSample ?? 50;
  const headroom = options.headroom ?? 1.2;
  const minWeekShare = options.minWeekShare ?? 0.5;
  if (incidents.length === 0) throw new UserError('fit: no incidents to fit (the import kept none)');
  const locate = weekLocator(zone);

  // Weekly volumes (zero weeks included) and the window: as the capacity fit chooses them.
  const positions = incidents.map((i) => locate(i.openedAt));
  const win = chooseWindow(incidents.map((i) => i.openedAt), zone, { from: options.from, to: options.to, minWeekShare });
  const { weekly, lo, hi, start, end, auto } = win;
  const weeks = hi - lo + 1;
  const inWindow: HistoricalIncident[] = [];
  const hourOfWeek = new Array<number>(168).fill(0);
  incidents.forEach((inc, k) => {
    if (inc.openedAt >= start && inc.openedAt < end) {
      inWindow.push(inc);
      hourOfWeek[positions[k].hourOfWeek]++;
    }
  });
  for (let h = 0; h < 168; h++) hourOfWeek[h] /= weeks;

  // Mixes.
  const priorities: Record<string, number> = {};
  const categories = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  let reassignSum = 0;
  let reassigned = 0;
  let reassignMax = 0;
  for (const inc of inWindow) {
    const p = inc.priority ?? 'none';
    priorities[p] = (priorities[p] ?? 0) + 1;
    if (inc.category !== undefined) categories.set(inc.category, (categories.get(inc.category) ?? 0) + 1);
    const im = level(inc.impact);
    const ur = level(inc.urgency);
    if (im && ur && inc.priority) {
      const key = `${im}|${ur}`;
      const m = pairs.get(key) ?? new Map<string, number>();
      m.set(inc.priority, (m.get(inc.priority) ?? 0) + 1);
      pairs.set(key, m);
    }
    const r = inc.reassignments ?? 0;
    reassignSum += r;
    if (r > 0) reassigned++;
    if (r > reassignMax) reassignMax = r;
  }
  const matrix: Record<string, Record<string, string>> = {};
  for (const [key, m] of [...pairs].sort()) {
    const [im, ur] = key.split('|');
    const best = [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
    (matrix[im] ??= {})[ur] = best;
  }

  // Teams: the largest groups, then the rest pooled.
  const groupCount = new Map<string, number>();
  for (const inc of inWindow) if (inc.group !== undefined) groupCount.set(inc.group, (groupCount.get(inc.group) ?? 0) + 1);
  const top = [...groupCount].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, options.teams ?? 8).map(([g]) => g);
  const teamOfGroup = new Map<string, string>();
  const used = new Set<string>(['other']);
  for (const g of top) {
    let id = slug(g);
    while (used.has(id)) id += '-x';
    used.add(id);
    teamOfGroup.set(g, id);
  }
  const teamOf = (inc: HistoricalIncident) => (inc.group !== undefined ? (teamOfGroup.get(inc.group) ?? 'other') : 'other');
  const teamIds = [...teamOfGroup.values()];
  const otherGroups = [...groupCount.keys()].filter((g) => !teamOfGroup.has(g)).sort();
  const hasNone = inWindow.some((i) => i.group === undefined);
  if (otherGroups.length > 0 || hasNone) teamIds.push('other');

  // Work times (opened → resolved), per priority, per team, per team × priority.
  const durations = (list: HistoricalIncident[]) => list.filter((i) => i.resolvedAt !== undefined).map((i) => (i.resolvedAt! - i.openedAt) / 60_000);
  const fitOf = (list: HistoricalIncident[]) => fitDurations(durations(list), { families: options.families });
  const byPriority = groupBy(inWindow, (i) => i.priority ?? 'none');
  const workByPriority: Record<string, DurationFit> = {};
  for (const [p, list] of byPriority) if (durations(list).length >= 2) workByPriority[p] = fitOf(list);
  const byTeam = groupBy(inWindow, teamOf);
  const workByTeam: Record<string, DurationFit> = {};
  for (const t of teamIds) {
    const list = byTeam.get(t) ?? [];
    if (durations(list).length >= 2) workByTeam[t] = fitOf(list);
  }

  // Classes (team × priority). A class with fewer than minSample resolved incidents shares one fit
  // with the other small classes of its priority (the pool, when it has at least MIN_POOL resolved),
  // else its priority's, else its team's,
  // else the window's. Incidents closed without a resolution time are closed without work after
  // the fitted closed − opened time (one fit over the window).
  const resolvedCount = (list: HistoricalIncident[]) => list.reduce((n, i) => n + (i.resolvedAt !== undefined ? 1 : 0), 0);
  const cells: { t: string; p: string; members: HistoricalIncident[] }[] = [];
  for (const t of teamIds) {
    for (const [p, members] of [...groupBy(byTeam.get(t) ?? [], (i) => i.priority ?? 'none')].sort((a, b) => a[0].localeCompare(b[0]))) cells.push({ t, p, members });
  }
  const small = groupBy(cells.filter((c) => resolvedCount(c.members) < minSample), (c) => c.p);
  const poolFit = new Map<string, DurationFit>();
  for (const [p, list] of small) {
    const members = list.flatMap((c) => c.members);
    if (resolvedCount(members) >= Math.min(minSample, MIN_POOL)) poolFit.set(p, fitOf(members));
  }
  let windowFit: DurationFit | undefined;
  const closedTimes = inWindow.filter((i) => i.resolvedAt === undefined && i.closedAt !== undefined).map((i) => (i.closedAt! - i.openedAt) / 60_000);
  const closedFit = closedTimes.length >= 2 ? fitDurations(closedTimes, { families: options.families }) : undefined;
  const classes: FittedClass[] = cells.map(({ t, p, members }) => {
    let work: DurationFit;
    let workFrom: FittedClass['workFrom'];
    if (resolvedCount(members) >= minSample) [work, workFrom] = [fitOf(members), 'class'];
    else if (poolFit.has(p)) [work, workFrom] = [poolFit.get(p)!, 'pool'];
    else if (workByPriority[p] !== undefined) [work, workFrom] = [workByPriority[p], 'priority'];
    else if (workByTeam[t] !== undefined) [work, workFrom] = [workByTeam[t], 'team'];
    else {
      if (resolvedCount(inWindow) < 2) throw new UserError(`fit: fewer than 2 incidents of weeks ${weekly[lo].week}..${weekly[hi].week} have a resolution time; nothing to fit work times to`);
      windowFit ??= fitOf(inWindow);
      [work, workFrom] = [windowFit, 'window'];
    }
    const r = members.map((i) => i.reassignments ?? 0);
    const unresolved = members.length - resolvedCount(members);
    return {
      name: `${t}-${p.toLowerCase()}`,
      team: t,
      priority: p,
      count: members.length,
      perWeek: members.length / weeks,
      work,
      workFrom,
      closedUnresolved: unresolved > 0 && closedFit !== undefined ? { share: unresolved / members.length, after: closedFit } : undefined,
      reassignedShare: r.filter((x) => x > 0).length / members.length,
      reassignments: r.reduce((a, b) => a + b, 0) / members.length,
    };
  });

  // Per priority: when the classes' chosen fits, mixed by rate, miss the observed median by more
  // than `medianTolerance`, each fit of that priority is re-chosen as the lognormal through its own
  // median and its own empirical CDF at the priority's median (the mixture then has the observed
  // median by construction).
  const tolerance = options.medianTolerance ?? 0.05;
  for (const [p, f] of Object.entries(workByPriority)) {
    const mine = classes.filter((c) => c.priority === p);
    const model = mixtureMedian(mine, f.empirical.median, 'fitted');
    if (model === undefined || Math.abs(model / f.empirical.median - 1) <= tolerance) continue;
    const redone = new Map<DurationFit, DurationFit>();
    for (const c of mine) {
      if (!redone.has(c.work)) redone.set(c.work, matchAt(c.work, f.empirical.median));
      c.work = redone.get(c.work)!;
    }
  }

  // Team size and concurrency from observed throughput and occupancy.
  const teams: FittedTeam[] = teamIds.map((id) => {
    const mine = incidents.filter((i) => teamOf(i) === id);
    const resolversByWeek = new Map<number, Set<string>>();
    let resolved = 0;
    for (const i of mine) {
      if (i.resolvedAt === undefined || i.resolvedAt < start || i.resolvedAt >= end) continue;
      resolved++;
      const w = Math.floor((i.resolvedAt - start) / WEEK);
      const s = resolversByWeek.get(w) ?? new Set<string>();
      if (i.assignee !== undefined) s.add(i.assignee);
      resolversByWeek.set(w, s);
    }
    const perWeek = Array.from({ length: weeks }, (_, w) => resolversByWeek.get(w)?.size ?? 0).sort((a, b) => a - b);
    const engineers = Math.max(1, Math.round(quantileSorted(perWeek, 0.5)));
    const { mean, max } = occupancy(mine, start, end);
    return {
      id,
      groups: id === 'other' ? [...otherGroups, ...(hasNone ? ['(none)'] : [])] : [top[teamIds.indexOf(id)]],
      incidents: (byTeam.get(id) ?? []).length,
      engineers,
      capacity: Math.max(1, Math.ceil((headroom * max) / engineers)),
      meanOpen: mean,
      maxOpen: max,
      resolvedPerWeek: resolved / weeks,
    };
  });

  return {
    zone,
    incidents: incidents.length,
    weekly,
    window: { from: weekly[lo].week, to: weekly[hi].week, start, end, weeks, incidents: inWindow.length, auto, minWeekShare },
    perWeek: inWindow.length / weeks,
    hourOfWeek,
    priorities,
    categories: [...categories].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([category, count]) => ({ category, count })),
    matrix,
    reassignment: { mean: reassignSum / inWindow.length, share: reassigned / inWindow.length, max: reassignMax },
    workByPriority,
    workByTeam,
    unresolved: inWindow.filter((i) => i.resolvedAt === undefined).length,
    teams,
    classes,
  };
}

/**
 * Incidents open at once over [start, end): time average, and maximum over hourly samples. An
 * incident is open from openedAt to resolvedAt (or, without one, to closedAt, else to `end`).
 */
function occupancy(list: HistoricalIncident[], start: number, end: number): { mean: number; max: number } {
  const hours = Math.ceil((end - start) / HOUR);
  const delta = new Float64Array(hours + 1);
  let area = 0;
  for (const i of list) {
    const a = Math.max(i.openedAt, start);
    const b = Math.min(i.resolvedAt ?? i.closedAt ?? end, end);
    if (b <= a) continue;
    area += b - a;
    // Counted at the hourly sample points t_h = start + h·HOUR with a ≤ t_h < b.
    const h0 = Math.ceil((a - start) / HOUR);
    const h1 = Math.ceil((b - start) / HOUR);
    if (h1 > h0) {
      delta[h0]++;
      delta[Math.min(h1, hours)]--;
    }
  }
  let open = 0;
  let max = 0;
  for (let h = 0; h < hours; h++) {
    open += delta[h];
    if (open > max) max = open;
  }
  return { mean: area / (end - start), max };
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** "1 - High" / "High" / "high" → "high"; also medium (moderate) and low. */
export function level(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const m = /(high|medium|moderate|low)\s*$/i.exec(s);
  if (m === null) return undefined;
  const l = m[1].toLowerCase();
  return l === 'moderate' ? 'medium' : l;
}

/** A scenario identifier from a group name: "Group 70" → "group-70". */
export function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9_.]+/g, '-').replace(/^-+|-+$/g, '');
  return s === '' || !/^[a-z0-9]/.test(s) ? `g-${s}` : s;
}
