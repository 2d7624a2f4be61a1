/**
 * On-call schedules: who is on call for a team at any instant, as a pure function of the
 * schedule and the time. A schedule has layers (a rotation of participants with a hand-off time
 * and optional restrictions to certain hours/days) and dated overrides. Where layers overlap the
 * higher `level` covers the lower; two overlapping layers of the same level are an error.
 * Hand-offs of daily and weekly rotations keep their local wall time across DST changes.
 */
import { UserError, show, names } from '../errors.js';
import { BOUNDS } from '../scenario/bounds.js';
import { parseDuration } from '../kernel/duration.js';
import { Clock, expandWeekly } from './clock.js';
import { intersect, normalize, subtract, type Span } from './intervals.js';
import { checkZone, parseClock, parseHours, parseWeekdays } from './parse.js';

export interface OnCallLayerSpec {
  /** the layer's name (default 'primary'); layers of one name form one schedule */
  name?: string;
  /** engineer ids in rotation order (default: all members) */
  participants?: readonly string[];
  /** 'daily', 'weekly' or a duration (minutes or "12h") */
  rotation: string | number;
  /** "mon 09:00" or "09:00"; default: the hand-off is at simulated minute 0 */
  handoff?: string;
  restrictions?: { hours?: string; days?: string };
  /** precedence: a higher level covers a lower one (default 0) */
  level?: number;
  /** engineers on call at once (default 1): the next `depth` participants of the rotation together */
  depth?: number;
}

export interface OnCallSpec {
  timezone: string;
  layers: readonly OnCallLayerSpec[];
  /** [from, to) dates or instants during which `engineer` is on call instead (in `layer`, default primary) */
  overrides?: readonly { from: string; to: string; engineer: string; layer?: string }[];
}

/** The name of the layer whose on-call engineer routing sees (and of unnamed layers). */
export const PRIMARY = 'primary';

/** One stretch of someone's on-call duty, in simulated minutes. */
export interface OnCallSegment {
  from: number;
  to: number;
  engineer: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Who is on call over [0, horizon). */
export class OnCallSchedule {
  /** sorted, disjoint; touching segments of the same engineer are merged */
  readonly segments: readonly OnCallSegment[];

  constructor(segments: readonly OnCallSegment[]) {
    const out: OnCallSegment[] = [];
    for (const s of segments.filter((x) => x.to > x.from).sort((a, b) => a.from - b.from)) {
      const last = out[out.length - 1];
      if (last && last.engineer === s.engineer && last.to === s.from) last.to = s.to;
      else out.push({ ...s });
    }
    this.segments = out;
  }

  /** The engineer on call at minute t, or undefined. */
  whoAt(t: number): string | undefined {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid].from <= t) lo = mid + 1;
      else hi = mid;
    }
    const s = this.segments[lo - 1];
    return s && t < s.to ? s.engineer : undefined;
  }

  /** The spans during which `engineer` is on call. */
  spansOf(engineer: string): Span[] {
    return normalize(this.segments.filter((s) => s.engineer === engineer).map((s) => [s.from, s.to] as const));
  }
}

/** The hand-off instants (simulated minutes) of a layer, from the last one at or before 0 until past `horizon`. */
function handoffs(layer: OnCallLayerSpec, zone: string, clock: Clock, horizon: number, path: string): number[] {
  const rotation = layer.rotation;
  const unit = rotation === 'daily' ? 'days' : rotation === 'weekly' ? 'weeks' : undefined;
  const every = unit ? 0 : parseDuration(rotation, `${path}.rotation`);
  if (!unit && every < BOUNDS.rotationMinutes) {
    throw new UserError(`${path}.rotation: ${show(rotation)} is ${every <= 0 ? 'zero' : 'shorter than an hour'}; expected "daily", "weekly" or a duration of at least 1h`);
  }
  const now = clock.at(0, zone);
  let anchor = now;
  if (layer.handoff !== undefined) {
    const m = /^\s*(?:([a-z]{3})\s+)?(\S+)\s*$/i.exec(String(layer.handoff));
    const weekday = m?.[1] ? DAYS.indexOf(m[1].toLowerCase()) + 1 : undefined;
    const minute = m ? parseClock(m[2]) : undefined;
    const bad = !m || minute === undefined || weekday === 0 || (weekday !== undefined && rotation === 'daily');
    if (bad) {
      const form = rotation === 'daily' ? '"HH:MM" (e.g. "09:00")' : '"ddd HH:MM" (e.g. "mon 09:00") or "HH:MM"';
      throw new UserError(`${path}.handoff: ${show(layer.handoff)} is not a hand-off time; expected ${form}`);
    }
    anchor = now.startOf('day').set({ hour: Math.floor(minute / 60), minute: minute % 60 });
    if (weekday !== undefined) {
      anchor = anchor.set({ weekday: weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 });
      if (anchor > now) anchor = anchor.minus({ weeks: 1 });
    } else if (anchor > now) anchor = anchor.minus({ days: 1 });
  }
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const t = unit ? clock.minutes(anchor.plus({ [unit]: k })) : clock.minutes(anchor) + k * every;
    out.push(t);
    if (t >= horizon) return out;
  }
}

/**
 * The schedules of a team's named layers over [0, horizon), by name in order of first appearance,
 * each as its `depth` copies (copy 0: the first on call, the one a level paging the layer reaches)
 * (unnamed layers are `primary`): each name is built by {@link buildOnCall} from its own layers
 * and overrides, so a `secondary` layer overlapping the primary is a second person on call, not a
 * conflict. Error paths keep each layer's index in `spec.layers`.
 */
export function buildOnCallLayers(spec: OnCallSpec, members: readonly string[], clock: Clock, horizon: number, path: string): Map<string, OnCallSchedule[]> {
  const names = [...new Set(spec.layers.map((l) => l.name ?? PRIMARY))];
  (spec.overrides ?? []).forEach((o, i) => {
    if (o.layer !== undefined && !names.includes(o.layer)) {
      throw new UserError(`${path}.overrides[${i}].layer: unknown layer "${o.layer}"; expected one of ${names.join(', ')}`);
    }
  });
  const out = new Map<string, OnCallSchedule[]>();
  for (const name of names) {
    const index = spec.layers.map((l, i) => ((l.name ?? PRIMARY) === name ? i : -1)).filter((i) => i >= 0);
    const depth = Math.max(1, ...index.map((i) => spec.layers[i].depth ?? 1));
    const own = { timezone: spec.timezone, layers: spec.layers, overrides: (spec.overrides ?? []).map((o, i) => ({ ...o, i })).filter((o) => (o.layer ?? PRIMARY) === name) };
    // copy c: the (c + 1)-th engineer on call at once in this layer (see buildOnCallDepth)
    out.set(name, Array.from({ length: depth }, (_, c) => buildOnCall(own, members, clock, horizon, path, c, new Set(index))));
  }
  return out;
}

/**
 * Builds the schedule of `spec` over [0, horizon). `members` are the team's engineer ids (the
 * default participants, and the only ids participants and overrides may name). Errors are
 * one-line UserErrors naming `path` + the field.
 */
export function buildOnCall(spec: OnCallSpec, members: readonly string[], clock: Clock, horizon: number, path: string, copy = 0, only?: ReadonlySet<number>): OnCallSchedule {
  const zone = checkZone(spec.timezone, `${path}.timezone`);
  const member = (id: string, where: string) => {
    if (!members.includes(id)) throw new UserError(`${where}: unknown engineer ${show(id)} (expected one of the team's engineers: ${names(members)})`);
  };
  const window: Span[] = [[0, horizon]];
  const layers = spec.layers.flatMap((layer, i) => {
    if (only && !only.has(i)) return [];
    const lp = `${path}.layers[${i}]`;
    // copy c of a layer of depth > c is its rotation shifted by c participants; shallower layers have none
    const people = copy < (layer.depth ?? 1) ? layer.participants ?? members : [];
    people.forEach((id, k) => member(id, `${lp}.participants[${k}]`));
    let allowed = window;
    if (layer.restrictions) {
      const r = layer.restrictions;
      const pattern = {
        days: parseWeekdays(r.days ?? 'daily', `${lp}.restrictions.days`),
        ranges: parseHours(r.hours ?? '24h', `${lp}.restrictions.hours`),
      };
      allowed = normalize(expandWeekly([pattern], zone, clock, 0, horizon).map((o) => o.span));
    }
    const h = handoffs(layer, zone, clock, horizon, lp);
    const segments: OnCallSegment[] = [];
    if (people.length > 0) {
      for (let k = 0; k + 1 < h.length; k++) {
        for (const [from, to] of intersect([[h[k], h[k + 1]]], intersect(allowed, window))) segments.push({ from, to, engineer: people[(k + copy) % people.length] });
      }
    }
    return [{ index: i, level: layer.level ?? 0, segments, coverage: normalize(segments.map((s) => [s.from, s.to] as const)) }];
  });

  for (const a of layers) {
    for (const b of layers) {
      if (b.index <= a.index || a.level !== b.level) continue;
      const both = intersect(a.coverage, b.coverage);
      if (both.length > 0) {
        throw new UserError(`${path}.layers[${b.index}]: overlaps layers[${a.index}] from ${clock.at(both[0][0], zone).toISO()} at the same level ${a.level}; give them different levels (a higher level covers a lower one)`);
      }
    }
  }

  let covered: Span[] = [];
  let segments: OnCallSegment[] = [];
  for (const layer of [...layers].sort((x, y) => y.level - x.level || x.index - y.index)) {
    for (const s of layer.segments) for (const [from, to] of subtract([[s.from, s.to]], covered)) segments.push({ from, to, engineer: s.engineer });
    covered = normalize([...covered, ...layer.coverage]);
  }
  // overrides replace the first engineer on call
  (copy === 0 ? spec.overrides ?? [] : []).forEach((o, k) => {
    const op = `${path}.overrides[${(o as { i?: number }).i ?? k}]`;
    member(o.engineer, `${op}.engineer`);
    const from = clock.instant(o.from, zone, `${op}.from`);
    const to = clock.instant(o.to, zone, `${op}.to`, true);
    if (!(to > from)) throw new UserError(`${op}.to: ${show(o.to)} is not after from (${show(o.from)})`);
    const cut: Span[] = [[from, to]];
    segments = segments.flatMap((s) => subtract([[s.from, s.to]], cut).map(([a, b]) => ({ from: a, to: b, engineer: s.engineer })));
    segments.push(...intersect(cut, window).map(([a, b]) => ({ from: a, to: b, engineer: o.engineer })));
  });
  return new OnCallSchedule(segments);
}

/**
 * The schedules of every engineer on call at once: copy 0 is `buildOnCall`'s (the first on call,
 * overrides applied), copy c < a layer's `depth` the same rotation shifted by c participants (the
 * (c + 1)-th on call). An engineer is on call whenever any copy names them.
 */
export function buildOnCallDepth(spec: OnCallSpec, members: readonly string[], clock: Clock, horizon: number, path: string): OnCallSchedule[] {
  const depth = Math.max(1, ...spec.layers.map((l) => l.depth ?? 1));
  return Array.from({ length: depth }, (_, c) => buildOnCall(spec, members, clock, horizon, path, c));
}
