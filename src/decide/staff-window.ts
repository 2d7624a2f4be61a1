/**
 * Where `incisim staff` measures its targets: a window of simulated time (`--window FROM..TO`,
 * dates or the names of the scenario's peaks; default the span of the scenario's peaks, else the
 * measured period), and per target the attainment over the incidents opened in it, over the
 * whole window and week by week (a week is 7 local days from the window's start; the last may be
 * shorter), each with its 95% interval over replications.
 */
import { DateTime } from 'luxon';
import { UserError } from '../errors.js';
import { SHARE, estimate } from '../metrics/stats.js';
import { slaOutcome } from '../metrics/incidents.js';
import type { Estimate } from '../metrics/types.js';
import { instantToMinutes } from '../model/arrivals.js';
import type { Model } from '../model/types.js';
import type { Scenario } from '../scenario/schema.js';
import type { IncidentRecord } from '../sim/records.js';

export interface StaffTarget {
  priority: string;
  kind: 'respond' | 'resolve';
  /** minutes on the priority's calendar */
  within: number;
  /** required share, e.g. 0.95 */
  share: number;
  text: string;
}

export interface StaffWindow {
  /** simulated minutes, [from, to) */
  from: number;
  to: number;
  /** local dates (scenario time zone) of the first and the last day in the window */
  fromDate: string;
  toDate: string;
  /** how it was chosen: "--window 2026-11-26..2026-12-01", "the scenario's peaks (…)", "the measured period" */
  source: string;
}

export interface WindowWeek {
  from: number;
  to: number;
  /** "2026-11-26 – 2026-12-02" */
  label: string;
}

/** The scenario's named peaks: name → [from, to) in simulated minutes (over every class that has it). */
export function namedPeaks(scenario: Scenario): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  const tz = scenario.timezone ?? 'UTC';
  scenario.arrivals.forEach((a, ai) => (a.peaks ?? []).forEach((p, pi) => {
    if (p.name === undefined) return;
    const from = instantToMinutes(p.from, scenario.start, tz, `arrivals[${ai}].peaks[${pi}].from`);
    const to = instantToMinutes(p.to, scenario.start, tz, `arrivals[${ai}].peaks[${pi}].to`);
    const cur = out.get(p.name);
    out.set(p.name, cur ? [Math.min(cur[0], from), Math.max(cur[1], to)] : [from, to]);
  }));
  return out;
}

const localDate = (model: Model, t: number) => DateTime.fromISO(model.startIso, { setZone: true }).plus({ minutes: t }).setZone(model.timezone).toISODate()!;

function make(model: Model, from: number, to: number, source: string): StaffWindow {
  const lo = Math.max(from, model.warmup);
  const hi = Math.min(to, model.horizon);
  if (!(hi > lo)) {
    throw new UserError(`--window: ${source} does not overlap the measured period ${localDate(model, model.warmup)}..${localDate(model, model.horizon)} (after the warm-up, before the horizon)`);
  }
  return { from: lo, to: hi, fromDate: localDate(model, lo), toDate: localDate(model, hi - 1e-6), source };
}

/**
 * The window: `text` is "FROM..TO" (each a date, an instant or a peak's name: a name on the left
 * means its start, on the right its end; TO is exclusive, as in `peaks`) or one peak's name.
 * Without text: the span of every peak the load keeps (`peaks`), else the measured period.
 * Clipped to the measured period.
 */
export function resolveWindow(text: string | undefined, scenario: Scenario, model: Model, peaksKept: boolean): StaffWindow {
  const peaks = namedPeaks(scenario);
  const names = [...peaks.keys()];
  if (text === undefined) {
    const spans = scenario.arrivals.flatMap((a, ai) => (a.peaks ?? []).filter((p) => p.factor !== 1).map((p, pi) => [
      instantToMinutes(p.from, scenario.start, model.timezone, `arrivals[${ai}].peaks[${pi}].from`),
      instantToMinutes(p.to, scenario.start, model.timezone, `arrivals[${ai}].peaks[${pi}].to`),
    ]));
    if (peaksKept && spans.length > 0) {
      const from = Math.min(...spans.map((s) => s[0]));
      const to = Math.max(...spans.map((s) => s[1]));
      return make(model, from, to, `the scenario's peaks${names.length ? ` (${names.join(', ')})` : ''}`);
    }
    return make(model, model.warmup, model.horizon, 'the measured period');
  }
  const known = names.length ? `; the scenario's peaks are ${names.join(', ')}` : '; the scenario names no peaks';
  const end = (s: string, side: 0 | 1): number => {
    const p = peaks.get(s);
    if (p) return p[side];
    if (!/^\d{4}-\d{2}-\d{2}/.test(s)) throw new UserError(`--window: "${s}" is neither a date (YYYY-MM-DD) nor the name of a peak${known}`);
    return instantToMinutes(s, scenario.start, model.timezone, '--window');
  };
  const parts = text.split('..');
  if (parts.length === 1) {
    const p = peaks.get(text.trim());
    if (!p) throw new UserError(`--window: "${text}" is neither a date range (FROM..TO) nor the name of a peak${known}`);
    return make(model, p[0], p[1], `--window ${text.trim()}`);
  }
  if (parts.length !== 2 || !parts[0].trim() || !parts[1].trim()) throw new UserError(`--window: "${text}" is not FROM..TO (dates such as 2026-11-26..2026-12-01, or peak names)${known}`);
  const from = end(parts[0].trim(), 0);
  const to = end(parts[1].trim(), 1);
  if (!(to > from)) throw new UserError(`--window: "${text}" ends before it starts`);
  return make(model, from, to, `--window ${text.trim()}`);
}

/** The window's weeks (7 local days from its start, across daylight-saving changes; the last may be shorter). */
export function windowWeeks(model: Model, w: StaffWindow): WindowWeek[] {
  const out: WindowWeek[] = [];
  const start = DateTime.fromISO(model.startIso, { setZone: true });
  const first = start.plus({ minutes: w.from }).setZone(model.timezone);
  for (let k = 0, t = w.from; t < w.to - 1e-9; k++) {
    const to = Math.min(w.to, first.plus({ weeks: k + 1 }).diff(start, 'minutes').minutes);
    out.push({ from: t, to, label: `${localDate(model, t)} – ${localDate(model, to - 1e-6)}` });
    t = to;
  }
  return out;
}

/** Per target: attainment over the window and per week, with 95% intervals over replications. */
export interface WindowAttainment {
  overall: Record<string, Estimate | undefined>;
  weekly: Record<string, (Estimate | undefined)[]>;
  /** mean number of decided incidents per replication in the window */
  incidents: Record<string, number>;
  /** per target, per replication (in order): the attainment, null when none was decided */
  values: Record<string, (number | null)[]>;
}

/** Attainment of `targets` on the incidents opened in `w` (warm-up and service requests excluded), one record list per replication. */
export function windowAttainment(replications: readonly (readonly IncidentRecord[])[], targets: readonly StaffTarget[], w: StaffWindow, weeks: readonly WindowWeek[]): WindowAttainment {
  const overall: WindowAttainment['overall'] = {};
  const weekly: WindowAttainment['weekly'] = {};
  const incidents: WindowAttainment['incidents'] = {};
  const values: WindowAttainment['values'] = {};
  for (const t of targets) {
    const per: number[] = [];
    const byRep: (number | null)[] = [];
    const perWeek: number[][] = weeks.map(() => []);
    let decided = 0;
    for (const recs of replications) {
      let met = 0;
      let n = 0;
      const wm = new Array<number>(weeks.length).fill(0);
      const wn = new Array<number>(weeks.length).fill(0);
      for (const r of recs) {
        if (r.warmup || r.type === 'request' || r.priority !== t.priority || r.openedAt < w.from || r.openedAt >= w.to) continue;
        const o = slaOutcome(r, t.kind === 'respond' ? { respond: t.within } : { resolve: t.within })[t.kind];
        if (o === undefined) continue;
        n++;
        if (o) met++;
        let k = weeks.length - 1;
        while (k > 0 && r.openedAt < weeks[k].from) k--;
        wn[k]++;
        if (o) wm[k]++;
      }
      decided += n;
      if (n > 0) per.push(met / n);
      byRep.push(n > 0 ? met / n : null);
      wn.forEach((m, k) => {
        if (m > 0) perWeek[k].push(wm[k] / m);
      });
    }
    overall[t.text] = per.length ? estimate(per, SHARE) : undefined;
    weekly[t.text] = perWeek.map((v) => (v.length ? estimate(v, SHARE) : undefined));
    incidents[t.text] = decided / Math.max(1, replications.length);
    values[t.text] = byRep;
  }
  return { overall, weekly, incidents, values };
}

/** Why incidents of one class missed a target when headcount was no limit. */
export interface MissCause {
  class: string;
  /** the team holding the incident at the end */
  team: string;
  /** incidents of this class and priority in the window, per replication */
  incidents: number;
  /** of them missed, per replication */
  missed: number;
  /** missed because their own work (hands-on minutes ÷ incident share) is longer than the target */
  work: number;
  /** missed because the paged engineer took longer than the target to acknowledge */
  acknowledgement: number;
  /** missed for other reasons: waiting for the on-call engineer or the next shift, hand-offs, escalation */
  other: number;
}

/**
 * The incidents that miss `t` in a roster where headcount is no limit, grouped by class and
 * team, with why (see MissCause), most missed first.
 */
export function missCauses(replications: readonly (readonly IncidentRecord[])[], t: StaffTarget, w: StaffWindow, shareOf: (engineer: string | undefined, team: string) => number): MissCause[] {
  const groups = new Map<string, MissCause>();
  for (const recs of replications) {
    for (const r of recs) {
      if (r.warmup || r.type === 'request' || r.priority !== t.priority || r.openedAt < w.from || r.openedAt >= w.to) continue;
      const o = slaOutcome(r, t.kind === 'respond' ? { respond: t.within } : { resolve: t.within })[t.kind];
      if (o === undefined) continue;
      const key = `${r.class}\u0000${r.team}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { class: r.class, team: r.team, incidents: 0, missed: 0, work: 0, acknowledgement: 0, other: 0 }));
      g.incidents++;
      if (o) continue;
      g.missed++;
      if (t.kind === 'resolve' && r.effortMinutes / shareOf(r.resolvedBy, r.team) > t.within) g.work++;
      else if (t.kind === 'respond' && r.firstAssignedAt !== undefined && r.firstAckAt !== undefined && r.firstAckAt - r.firstAssignedAt > t.within) g.acknowledgement++;
      else g.other++;
    }
  }
  const n = Math.max(1, replications.length);
  return [...groups.values()]
    .filter((g) => g.missed > 0)
    .map((g) => ({ ...g, incidents: g.incidents / n, missed: g.missed / n, work: g.work / n, acknowledgement: g.acknowledgement / n, other: g.other / n }))
    .sort((a, b) => b.missed - a.missed || a.class.localeCompare(b.class));
}
