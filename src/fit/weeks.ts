import { DateTime } from 'luxon';
import { UserError } from '../errors.js';

/**
 * Calendar helpers for fitting: ISO weeks and hours of the week of epoch-ms instants, in a stated
 * IANA zone (wall-clock facts only at this edge).
 */

/** Where an instant falls: its ISO week ("2016-W09"), that week's Monday 00:00 (ms), its hour of week (0 = Monday 00:00–01:00). */
export interface WeekPosition {
  week: string;
  weekStart: number;
  hourOfWeek: number;
}

/** Positions instants in `zone`, caching per local hour (imports hold many instants per hour). */
export function weekLocator(zone: string): (ms: number) => WeekPosition {
  const cache = new Map<number, WeekPosition>();
  return (ms) => {
    const key = Math.floor(ms / 3_600_000);
    let p = cache.get(key);
    if (p === undefined) {
      const d = DateTime.fromMillis(ms, { zone });
      p = {
        week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`,
        weekStart: d.startOf('week').toMillis(),
        hourOfWeek: (d.weekday - 1) * 24 + d.hour,
      };
      // Only cache hours that sit wholly in one local hour (DST-safe).
      if (DateTime.fromMillis(key * 3_600_000, { zone }).hour === DateTime.fromMillis(key * 3_600_000 + 3_599_999, { zone }).hour) cache.set(key, p);
    }
    return p;
  };
}

/** Parses "2016-W09" into [weekYear, week]; a UserError naming `what` otherwise. */
export function parseIsoWeek(text: string, what: string): string {
  const m = /^(\d{4})-?W(\d{2})$/.exec(text.trim());
  if (m === null || +m[2] < 1 || +m[2] > 53) throw new UserError(`${what}: "${text}" is not an ISO week; expected e.g. 2016-W09`);
  return `${m[1]}-W${m[2]}`;
}

/** The ISO week after `week` ("2016-W52" → "2017-W01" or "2016-W53" as the calendar says). */
export function nextWeek(weekStartMs: number, zone: string): { week: string; weekStart: number } {
  const d = DateTime.fromMillis(weekStartMs, { zone }).plus({ weeks: 1 }).startOf('week');
  return { week: `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`, weekStart: d.toMillis() };
}

/** The fitting window: ISO weeks [from, to] of the data, and the weekly volumes it was chosen from. */
export interface WindowChoice {
  from: string;
  to: string;
  /** Monday 00:00 of `from` and of the week after `to`, epoch ms */
  start: number;
  end: number;
  weeks: number;
  incidents: number;
  auto: boolean;
  minWeekShare: number;
  /** arrivals of every week from the first to the last, zero weeks included */
  weekly: { week: string; start: number; count: number }[];
  /** indices of `from` and `to` in `weekly` */
  lo: number;
  hi: number;
}

/**
 * Chooses the window: `from`..`to` when given (either may be left out: the data's first or last
 * week), else the longest run of consecutive ISO weeks each with at least `minWeekShare`
 * (default 0.5) of the busiest week's arrivals — a run of one week included — the earliest of
 * equally long runs.
 */
export function chooseWindow(openedAt: readonly number[], zone: string, options: { from?: string; to?: string; minWeekShare?: number }): WindowChoice {
  const locate = weekLocator(zone);
  const byWeek = new Map<string, number>();
  let firstStart = Infinity;
  let lastStart = -Infinity;
  for (const t of openedAt) {
    const p = locate(t);
    byWeek.set(p.week, (byWeek.get(p.week) ?? 0) + 1);
    if (p.weekStart < firstStart) firstStart = p.weekStart;
    if (p.weekStart > lastStart) lastStart = p.weekStart;
  }
  if (openedAt.length === 0) throw new UserError('fit: no incidents to fit (the import kept none)');
  const weekly: WindowChoice['weekly'] = [];
  for (let w = { week: locate(firstStart).week, weekStart: firstStart }; w.weekStart <= lastStart; w = nextWeek(w.weekStart, zone)) {
    weekly.push({ week: w.week, start: w.weekStart, count: byWeek.get(w.week) ?? 0 });
  }
  const minWeekShare = options.minWeekShare ?? 0.5;
  const auto = options.from === undefined && options.to === undefined;
  let lo: number;
  let hi: number;
  if (auto) [lo, hi] = longestRun(weekly.map((w) => w.count), minWeekShare);
  else {
    const find = (w: string | undefined, what: string, dflt: number) => {
      if (w === undefined) return dflt;
      const key = parseIsoWeek(w, what);
      const i = weekly.findIndex((x) => x.week === key);
      if (i < 0) throw new UserError(`${what}: week ${key} is outside the data (${weekly[0].week} .. ${weekly[weekly.length - 1].week})`);
      return i;
    };
    lo = find(options.from, '--from', 0);
    hi = find(options.to, '--to', weekly.length - 1);
    if (hi < lo) throw new UserError(`--to: week ${weekly[hi].week} is before --from ${weekly[lo].week}`);
  }
  const start = weekly[lo].start;
  const end = hi + 1 < weekly.length ? weekly[hi + 1].start : nextWeek(weekly[hi].start, zone).weekStart;
  let incidents = 0;
  for (let i = lo; i <= hi; i++) incidents += weekly[i].count;
  return { from: weekly[lo].week, to: weekly[hi].week, start, end, weeks: hi - lo + 1, incidents, auto, minWeekShare, weekly, lo, hi };
}

/**
 * Indices [lo, hi] of the longest run of values each ≥ share × the largest (earliest on ties).
 * The busiest week always qualifies, so there is always a run, one week long at least.
 */
export function longestRun(counts: readonly number[], share: number): [number, number] {
  const max = Math.max(...counts);
  let best: [number, number] = [0, -1];
  let runStart = -1;
  for (let i = 0; i <= counts.length; i++) {
    const ok = i < counts.length && counts[i] >= share * max;
    if (ok && runStart < 0) runStart = i;
    if (!ok && runStart >= 0) {
      if (i - 1 - runStart > best[1] - best[0]) best = [runStart, i - 1];
      runStart = -1;
    }
  }
  return best;
}

/**
 * Fast wall-clock facts in `zone` for many instants: hour of the week (0 = Monday 00:00–01:00)
 * and time spent inside a set of hours of the week. The zone's UTC offset is looked up once per
 * UTC hour (luxon), so daylight-saving changes are honoured to the hour.
 */
export function localClock(zone: string): {
  hourOfWeek(ms: number): number;
  /** (a, b) ↦ ms of [a, b) that fall in the flagged hours of the week */
  presenceTable(flags: readonly boolean[]): (a: number, b: number) => number;
  /** calls `each(hourOfWeek, ms, from)` for the pieces of [a, b) cut at local hour boundaries */
  eachHour(a: number, b: number, each: (hourOfWeek: number, ms: number, from: number) => void): void;
} {
  const offsets = new Map<number, number>();
  const local = (ms: number) => {
    if (zone === 'UTC') return ms;
    const key = Math.floor(ms / 3_600_000);
    let off = offsets.get(key);
    if (off === undefined) offsets.set(key, (off = DateTime.fromMillis(key * 3_600_000, { zone }).offset * 60_000));
    return ms + off;
  };
  const H = 3_600_000;
  const W = 168 * H;
  // Local ms counted from a Monday 00:00 (1970-01-05 is a Monday).
  const MONDAY = 4 * 24 * H;
  const how = (ms: number) => {
    const u = local(ms) - MONDAY;
    return Math.floor((((u % W) + W) % W) / H);
  };
  return {
    hourOfWeek: how,
    eachHour(a, b, each) {
      let t = a;
      while (t < b) {
        const u = local(t) - MONDAY;
        const r = ((u % W) + W) % W;
        const h = Math.floor(r / H);
        const next = Math.min(b, t + (H - (r - h * H)));
        each(h, next - t, t);
        t = next;
      }
    },
    presenceTable(flags) {
      const prefix = new Float64Array(169);
      for (let h = 0; h < 168; h++) prefix[h + 1] = prefix[h] + (flags[h] ? H : 0);
      const perWeek = prefix[168];
      const cum = (ms: number) => {
        const u = local(ms) - MONDAY;
        const w = Math.floor(u / W);
        const r = u - w * W;
        const h = Math.floor(r / H);
        return w * perWeek + prefix[h] + (flags[h] ? r - h * H : 0);
      };
      if (perWeek === W) return (a, b) => Math.max(0, b - a);
      return (a, b) => Math.max(0, cum(b) - cum(a));
    },
  };
}
