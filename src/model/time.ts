/**
 * The scenario's calendars, shifts, on-call rotations and absences turned into what the
 * lifecycle consumes: SLA calendars (business minutes) and per-engineer presence timelines.
 * The time arithmetic itself lives in src/time/.
 */
import { UserError, show } from '../errors.js';
import type { Random } from '../kernel/rng.js';
import type { Presence } from '../engine/types.js';
import { BusinessCalendar } from '../time/calendar.js';
import { Clock, expandWeekly, type Occurrence, type WeeklyPattern } from '../time/clock.js';
import { intersect, normalize, type Span } from '../time/intervals.js';
import { buildOnCallLayers, PRIMARY, type OnCallSchedule } from '../time/oncall.js';
import { checkZone, parseHours, parseWeekdays } from '../time/parse.js';
import type { EngineerConfig, Scenario } from '../scenario/schema.js';
import type { EngineerModel, PresenceTimeline, SlaCalendar } from './types.js';

/** The 24x7 calendar: every minute is a business minute. */
export const ALWAYS: SlaCalendar = {
  elapsed(t0, t1, pauses) {
    let d = Math.max(0, t1 - t0);
    for (let i = 0; i < pauses.length; i++) d -= Math.max(0, Math.min(pauses[i][1], t1) - Math.max(pauses[i][0], t0));
    return d;
  },
  due(t0, minutes) {
    return t0 + minutes;
  },
};

/** Business minutes beyond the horizon for which SLA calendars are precomputed (26 weeks). */
const CALENDAR_MARGIN = 26 * 10080;

/**
 * The SLA calendar called `name`: "24x7" is {@link ALWAYS}; any other name must be a key of
 * `scenario.calendars` (else a UserError naming `path` and the known names). Its business
 * intervals are computed once over [from, horizon + 26 weeks] (`from` < 0 reaches back to the
 * oldest ticket of a backlog); `due` answers Infinity beyond that.
 */
export function buildSlaCalendar(scenario: Scenario, name: string, horizon: number, path: string, from = 0): SlaCalendar {
  if (name === '24x7') return ALWAYS;
  const calendars = scenario.calendars ?? {};
  const spec = Object.hasOwn(calendars, name) ? calendars[name] : undefined;
  if (!spec) {
    const known = ['24x7', ...Object.keys(calendars)].join(', ');
    throw new UserError(`${path}: unknown calendar ${show(name)}; expected one of: ${known}`);
  }
  const cal = new BusinessCalendar(
    { timezone: spec.timezone ?? scenario.timezone ?? 'UTC', hours: spec.hours, holidays: spec.holidays },
    new Clock(scenario.start),
    from,
    horizon + CALENDAR_MARGIN,
    `calendars.${name}`,
  );
  return { elapsed: (t0, t1, pauses) => cal.elapsed(t0, t1, pauses), due: (t0, minutes) => cal.due(t0, minutes) };
}

/**
 * The working-day structure and fixed timelines of one engineer (everything but random absences).
 * Engineers of a team who share shifts and zone, with no personal on-call or vacation, share one.
 */
interface EngineerPlan {
  /** on-shift spans grouped by the local date they start on (a random absence takes a whole day):
   *  day k is daySpans[dayStart[k]] … daySpans[dayStart[k + 1] − 1] */
  daySpans: Span[];
  dayStart: Uint32Array;
  /** the spans of each timeline, normalized (sorted, disjoint) */
  shift: Span[];
  onCall: Span[];
  /** on call in a backup layer (secondary, …): reached only by name */
  standby: Span[];
  /** employed: [from, until) (everything when neither is set) */
  employed: Span[];
  meeting: Span[];
  vacation: Span[];
  absenceRate: number;
  /** every instant in [0, horizon) at which a fixed timeline changes, and 0: sorted, each once */
  instants: Float64Array;
}

/** Both ends of every span of `lists`, in order (what `[...a, ...b].flat()` gives, without its cost: most of a large roster's build). */
function edgesOf(lists: readonly (readonly Span[])[]): number[] {
  let n = 0;
  for (const l of lists) n += 2 * l.length;
  const out = new Array<number>(n);
  let k = 0;
  for (const l of lists) {
    for (let i = 0; i < l.length; i++) {
      out[k++] = l[i][0];
      out[k++] = l[i][1];
    }
  }
  return out;
}

/** "tue,thu 10:00-11:00" → a weekly pattern. */
function parseMeeting(text: string, path: string): WeeklyPattern {
  const m = typeof text === 'string' ? /^\s*(\S+)\s+(\S+)\s*$/.exec(text) : null;
  if (!m) throw new UserError(`${path}: ${show(text)} is not a recurring meeting; expected weekdays and hours such as "tue,thu 10:00-11:00"`);
  return { days: parseWeekdays(m[1], path), ranges: parseHours(m[2], path) };
}

/**
 * Every team's on-call schedules, by team id and then layer name (`primary` first when present);
 * teams without `oncall` are absent. Errors are UserErrors naming `teams[i].oncall…`.
 */
export function buildOnCallSchedules(scenario: Scenario, engineers: readonly EngineerModel[], horizon: number): Map<string, Map<string, OnCallSchedule[]>> {
  const clock = new Clock(scenario.start);
  const out = new Map<string, Map<string, OnCallSchedule[]>>();
  scenario.teams.forEach((team, ti) => {
    const oc = team.oncall;
    if (!oc) return;
    const members = engineers.filter((x) => x.team === team.id).map((x) => x.id);
    out.set(team.id, buildOnCallLayers(
      { timezone: oc.timezone ?? team.timezone ?? scenario.timezone ?? 'UTC', layers: oc.layers, overrides: oc.overrides },
      members, clock, horizon, `teams[${ti}].oncall`,
    ));
  });
  return out;
}

/**
 * Each engineer's presence timeline, built from the team's schedule, on-call and absences:
 * - on shift ('on-shift') during the engineer's shift (`shift` index into the team's
 *   `schedule.shifts`, default: any of them), read in the shift's time zone or else the
 *   engineer's; a team with neither schedule nor on-call is on shift 24x7;
 * - 'on-call' while the team's primary on-call layer names the engineer and they are not on shift;
 * - 'standby' while another named layer (secondary, …) names them and nothing above applies;
 * - 'off' before the engineer's `from` date and from the day after `until` (not yet or no longer
 *   employed), whatever else applies;
 * - 'meeting' during the team's recurring meetings that fall in a shift;
 * - 'away' for the shifts of a working day lost to a random absence (each working day, in date
 *   order, is lost with probability `absences.rate`, drawing once per working day from `random`);
 * - 'vacation' during the engineer's vacations (dates inclusive, in their time zone);
 * - 'off' otherwise.
 * Precedence: not employed (off), vacation, away, meeting, on-shift, on-call, standby, off. Every schedule is parsed here,
 * so mistakes are UserErrors at build time; the returned function only draws the absences.
 * Timelines start at minute 0 and list only changes, in time order.
 */
export function buildPresence(
  scenario: Scenario,
  engineers: EngineerModel[],
  configs: readonly (EngineerConfig & { groupPath?: string })[],
  horizon: number,
  onCallSchedules: ReadonlyMap<string, ReadonlyMap<string, readonly OnCallSchedule[]>> = buildOnCallSchedules(scenario, engineers, horizon),
): (random: Random) => PresenceTimeline[] {
  const clock = new Clock(scenario.start);
  const window: Span[] = [[0, horizon]];
  const teamIndex = new Map(scenario.teams.map((t, i) => [t.id, i]));
  const occurrences = new Map<string, Occurrence[]>();
  const meetings = new Map<string, Span[]>();
  const shared = new Map<string, EngineerPlan>();
  // What an engineer's plan derives from their shifts alone (and from their team's meetings),
  // built once per shared list of shifts: a team's engineers differ in on-call and vacations,
  // not in these.
  const derived = new Map<Occurrence[], { daySpans: Span[]; dayStart: Uint32Array; shift: Span[]; shiftSpans: Span[] }>();
  const ownParts = (own: Occurrence[]) => {
    let d = derived.get(own);
    if (d === undefined) {
      const byDate = new Map<string, Span[]>();
      for (const o of own) {
        if (!byDate.has(o.date)) byDate.set(o.date, []);
        byDate.get(o.date)!.push(o.span);
      }
      const daySpans: Span[] = [];
      const dayStart = new Uint32Array(byDate.size + 1);
      let k = 0;
      for (const spans of byDate.values()) {
        dayStart[k++] = daySpans.length;
        daySpans.push(...spans);
      }
      dayStart[k] = daySpans.length;
      const shift = own.map((o) => o.span);
      derived.set(own, (d = { daySpans, dayStart, shift, shiftSpans: normalize(shift) }));
    }
    return d;
  };

  const plans = engineers.map((e, i): EngineerPlan => {
    const ti = teamIndex.get(e.team)!;
    const team = scenario.teams[ti];
    const tp = `teams[${ti}]`;
    const config = configs[i] ?? ({} as EngineerConfig);
    const ep = config.groupPath ?? `${tp}.engineers`;
    const zonePath = config.timezone !== undefined ? `${ep}.timezone` : team.timezone !== undefined ? `${tp}.timezone` : 'timezone';
    const zone = checkZone(e.timezone, zonePath);

    // Shifts, as occurrences (cached per team, shift and zone).
    const occ = (key: string, make: () => Occurrence[]) => {
      if (!occurrences.has(key)) occurrences.set(key, make());
      return occurrences.get(key)!;
    };
    let own: Occurrence[] = [];
    let ownKey = '24x7';
    if (team.schedule) {
      const shifts = team.schedule.shifts;
      const listed = config.shift === undefined ? undefined : Array.isArray(config.shift) ? config.shift : [config.shift];
      for (const k of listed ?? []) {
        if (k >= shifts.length) throw new UserError(`${ep}.shift: ${k} is not a shift of ${tp}.schedule.shifts (expected 0 to ${shifts.length - 1})`);
      }
      const chosen = listed ?? shifts.map((_, k) => k);
      ownKey = chosen.join(',');
      // the engineer's shifts merged in time order, once per team, shifts and zone (a team's
      // alike engineers share one list: no copy and sort of a year of shifts per engineer)
      own = occ(`shifts:${ti}/${ownKey}/${zone}`, () => {
        const merged: Occurrence[] = [];
        for (const k of chosen) {
          const s = shifts[k];
          const sp = `${tp}.schedule.shifts[${k}]`;
          const z = s.timezone !== undefined ? checkZone(s.timezone, `${sp}.timezone`) : zone;
          merged.push(...occ(`${ti}/${k}/${z}`, () => expandWeekly(
            [{ days: parseWeekdays(s.days, `${sp}.days`), ranges: parseHours(s.hours, `${sp}.hours`) }], z, clock, 0, horizon,
          )));
        }
        return merged.sort((a, b) => a.span[0] - b.span[0]);
      });
    } else if (team.oncall) {
      ownKey = 'none';
    } else {
      own = occ(`24x7/${zone}`, () => expandWeekly([{ days: new Set([1, 2, 3, 4, 5, 6, 7]), ranges: [[0, 1440]] }], zone, clock, 0, horizon));
    }
    // On-call: the primary layer, and the backup layers (standby).
    const layers = onCallSchedules.get(team.id);
    const onCall = normalize((layers?.get(PRIMARY) ?? []).flatMap((s) => s.spansOf(e.id)));
    const standby = layers ? normalize([...layers].filter(([name]) => name !== PRIMARY).flatMap(([, copies]) => copies.flatMap((s) => s.spansOf(e.id)))) : [];
    // Employment: [from, until], dates in the engineer's zone (an instant as given).
    const from = config.from !== undefined ? clock.instant(config.from, zone, `${ep}.from`) : -Infinity;
    const until = config.until !== undefined ? clock.instant(config.until, zone, `${ep}.until`, true) : Infinity;
    if (!(until > from)) throw new UserError(`${ep}.until: ${JSON.stringify(config.until)} is not after from (${JSON.stringify(config.from)})`);
    const employed: Span[] = from === -Infinity && until === Infinity ? [] : intersect([[Math.max(0, from), Math.min(horizon, until)]], window);
    const always = from === -Infinity && until === Infinity;

    // Meetings (cached per team and zone) and vacations.
    const mkey = `${ti}/${zone}`;
    if (!meetings.has(mkey)) {
      const patterns = (team.absences?.meetings ?? []).map((m, k) => parseMeeting(m, `${tp}.absences.meetings[${k}]`));
      meetings.set(mkey, patterns.length === 0 ? [] : normalize(expandWeekly(patterns, zone, clock, 0, horizon).map((o) => o.span)));
    }
    const vacation = intersect(normalize((config.vacations ?? []).map((v, k) => {
      const from = clock.instant(v.from, zone, `${ep}.vacations[${k}].from`);
      const to = clock.instant(v.to, zone, `${ep}.vacations[${k}].to`, true);
      if (!(to > from)) throw new UserError(`${ep}.vacations[${k}].to: ${show(v.to)} is before from (${show(v.from)})`);
      return [from, to] as const;
    })), window);

    const key = onCall.length === 0 && standby.length === 0 && vacation.length === 0 && always ? `${ti}/${ownKey}/${zone}` : undefined;
    const cached = key !== undefined ? shared.get(key) : undefined;
    if (cached) return cached;
    const { daySpans, dayStart, shift, shiftSpans } = ownParts(own);
    const meeting = meetings.get(mkey)!;
    const plan: EngineerPlan = {
      daySpans,
      dayStart,
      // (on-call, standby, meetings, vacations and employment are normalized as they are made)
      shift: shiftSpans,
      onCall,
      standby,
      employed: always ? window : employed,
      meeting,
      vacation,
      absenceRate: team.absences?.rate ?? 0,
      // (made with the plan, not by its first timeline: a field added to some plans later gave
      // plans two shapes, and V8 threw away the optimised `timeline` at each plan of the other one)
      instants: instants([0].concat(edgesOf([shift, onCall, standby, employed, meeting, vacation])), horizon),
    };
    if (key !== undefined) shared.set(key, plan);
    return plan;
  });

  // Timelines of plans without random absences are the same in every replication: built once.
  const fixed = new Map<EngineerPlan, PresenceTimeline>();
  const timeline = (p: EngineerPlan, away: Span[]): PresenceTimeline => {
    // the instants are visited in time order, so each timeline is a forward cursor (no search)
    const employed = new SpanCursor(p.employed);
    const vacation = new SpanCursor(p.vacation);
    const absent = new SpanCursor(normalize(away));
    const shift = new SpanCursor(p.shift);
    const meeting = new SpanCursor(p.meeting);
    const onCall = new SpanCursor(p.onCall);
    const standby = new SpanCursor(p.standby);
    const at = (t: number): Presence => {
      if (!employed.contains(t)) return 'off';
      if (vacation.contains(t)) return 'vacation';
      if (absent.contains(t)) return 'away';
      if (shift.contains(t)) return meeting.contains(t) ? 'meeting' : 'on-shift';
      if (onCall.contains(t)) return 'on-call';
      return standby.contains(t) ? 'standby' : 'off';
    };
    // every instant at which something changes, in [0, horizon), in order, each once: the plan's
    // (sorted once) merged with the absences' (a few)
    const planned = p.instants;
    // (not `away.flat()`: no absence and some absences are arrays of two element kinds, and reading
    // a method of the kind not seen yet threw the optimised `timeline` away)
    const extra = instants(edgesOf([away]), horizon);
    const times: number[] = [];
    const presences: Presence[] = [];
    let i = 0;
    let j = 0;
    let last = NaN;
    while (i < planned.length || j < extra.length) {
      const next = j >= extra.length || (i < planned.length && planned[i] <= extra[j]) ? planned[i++] : extra[j++];
      if (next === last) continue;
      last = next;
      const t = next === 0 ? 0 : next; // (−0 as the 0 it equals)
      const presence = at(t);
      if (presences.length === 0 || presences[presences.length - 1] !== presence) {
        times.push(t);
        presences.push(presence);
      }
    }
    return { at: new Float64Array(times), presence: presences };
  };
  return (random) => plans.map((p) => {
    if (p.absenceRate <= 0) {
      let tl = fixed.get(p);
      if (!tl) fixed.set(p, (tl = timeline(p, [])));
      return tl;
    }
    const away: Span[] = [];
    const { daySpans, dayStart } = p;
    for (let k = 0; k + 1 < dayStart.length; k++) {
      if (random() < p.absenceRate) for (let i = dayStart[k]; i < dayStart[k + 1]; i++) away.push(daySpans[i]);
    }
    return timeline(p, away);
  });
}

/** The instants of `list` in [0, horizon), sorted, each once (−0 and 0 are one). */
function instants(list: readonly number[], horizon: number): Float64Array {
  const inside = new Float64Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) if (list[i] >= 0 && list[i] < horizon) inside[n++] = list[i];
  const sorted = inside.subarray(0, n).sort();
  let m = 0;
  for (let i = 0; i < sorted.length; i++) if (m === 0 || sorted[i] !== sorted[m - 1]) sorted[m++] = sorted[i];
  return sorted.slice(0, m);
}

/**
 * Whether instants lie in normalized spans, asked in non-decreasing order of time: a forward
 * cursor over the spans (each question O(1) amortised, where `Intervals.contains` searches).
 */
class SpanCursor {
  private i = 0;
  constructor(private readonly spans: readonly Span[]) {}

  /** Whether `t` (no earlier than the instant of any earlier question) is in one of the spans. */
  contains(t: number): boolean {
    const s = this.spans;
    while (this.i < s.length && s[this.i][1] <= t) this.i++;
    return this.i < s.length && s[this.i][0] <= t;
  }
}
