/**
 * scenarios/follow-the-sun.yaml: one desk in Singapore, London and New York, every engineer on
 * 08:00-17:00 in their own time zone. Every assignment must land in its engineer's local office
 * day (read with Intl, independently of the simulator's own hour tables, across both DST changes
 * of March 2027), and go to someone whose presence timeline says on shift at that instant.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import type { Presence } from '../../src/engine/types.js';
import { RandomStreams, replicationSeed } from '../../src/kernel/rng.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplication, type TraceEvent } from '../../src/sim/lifecycle/index.js';

/** One change of an engineer's presence timeline. */
type PresenceChange = { at: number; presence: Presence };

const FILE = 'scenarios/follow-the-sun.yaml';
const REPLICATIONS = 3;
const REGIONS: Record<string, string> = { 'Asia/Singapore': 'sg', 'Europe/London': 'ldn', 'America/New_York': 'nyc' };

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Local weekday (Mon … Sun) and hour of simulated minute `t` in `zone`, by Intl. */
function local(model: Model, t: number, zone: string): { weekday: string; hour: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const parts = f.formatToParts(new Date(Date.parse(model.startIso) + t * 60_000));
  return { weekday: parts.find((p) => p.type === 'weekday')!.value, hour: Number(parts.find((p) => p.type === 'hour')!.value) };
}

/** Presence of an engineer at `t` from their timeline (changes at `t` already applied, as in the simulator). */
function presenceAt(tl: readonly PresenceChange[], t: number): string {
  let p = 'off';
  for (const c of tl) {
    if (c.at > t) break;
    p = c.presence;
  }
  return p;
}

describe('follow-the-sun.yaml', () => {
  const model = buildModel(loadScenario(FILE).scenario);
  const runs = Array.from({ length: REPLICATIONS }, (_, index) => {
    const trace: TraceEvent[] = [];
    const released = new Set<string>();
    const out = runReplication(model, {
      index,
      trace: (e) => {
        if (e.type === 'assigned') trace.push(e);
        if (e.type === 'released') released.add(`${e.t} ${e.incident} ${e.engineer}`);
      },
    });
    // the same presence timelines the replication drew (the absence stream is named, so reproducible)
    const timelines = model.presence(new RandomStreams(replicationSeed(model.seed, index)).stream('absence'))
      .map((tl): PresenceChange[] => Array.from(tl.at, (at, i) => ({ at, presence: tl.presence[i] })));
    // an assignment its engineer gives back at the same instant carried no work (see below)
    const zeroLength = (a: TraceEvent) => released.has(`${a.t} ${a.incident} ${a.engineer}`);
    return { out, assigned: trace, timelines, zeroLength };
  });

  it('has three regions, each in its own time zone', () => {
    const zones = new Set(model.engineers.map((e) => e.timezone));
    expect([...zones].sort()).toEqual(Object.keys(REGIONS).sort());
    for (const e of model.engineers) expect(e.id.startsWith(`${REGIONS[e.timezone]}-`)).toBe(true);
  });

  /** True when the engineer's presence changes away from on-shift at exactly `t`. */
  const leavingNow = (tl: readonly PresenceChange[], t: number) => tl.some((c) => c.at === t && c.presence !== 'on-shift');

  it('assigns work in each region during its local 08:00-17:00, weekdays to the weekday seats', () => {
    for (const { assigned, zeroLength } of runs) {
      const byRegion = new Map<string, { n: number; inDay: number; weekdayOk: number; weekdaySeats: number }>();
      for (const a of assigned) {
        const e = model.engineerById.get(a.engineer!)!;
        const { weekday, hour } = local(model, a.t, e.timezone);
        const s = byRegion.get(e.timezone) ?? { n: 0, inDay: 0, weekdayOk: 0, weekdaySeats: 0 };
        // Engineers leaving at the same instant hand their work back only once all of them have
        // left, so nothing is handed to a colleague who is leaving too (a zero-length assignment).
        expect(zeroLength(a), `${a.t} ${a.incident} ${a.engineer}`).toBe(false);
        s.n++;
        if (hour >= 8 && hour < 17) s.inDay++;
        if (!e.id.includes('-wkd-')) {
          s.weekdaySeats++;
          if (!['Sat', 'Sun'].includes(weekday)) s.weekdayOk++;
        }
        byRegion.set(e.timezone, s);
      }
      expect([...byRegion.keys()].sort()).toEqual(Object.keys(REGIONS).sort());
      for (const [zone, s] of byRegion) {
        // every region carries a real share of the ~2,800 assignments of five weeks
        expect(s.n, zone).toBeGreaterThan(400);
        // the brief asks for ≥ 95%; the schedules make it exact
        expect(s.inDay / s.n, zone).toBeGreaterThanOrEqual(0.95);
        expect(s.inDay, zone).toBe(s.n);
        expect(s.weekdayOk, zone).toBe(s.weekdaySeats);
      }
    }
  });

  it('never assigns to an engineer who is off shift, away or in a meeting (but at the instant they leave)', () => {
    for (const { out, assigned, timelines } of runs) {
      expect(out.violations).toEqual([]);
      const wrong = assigned.filter((a) => {
        const tl = timelines[model.engineerById.get(a.engineer!)!.index];
        // at a shift's last instant the engineer is still on shift until their own change runs
        return presenceAt(tl, a.t) !== 'on-shift' && !(leavingNow(tl, a.t) && presenceAt(tl, a.t - 1e-9) === 'on-shift');
      });
      expect(wrong.map((a) => `${a.t} ${a.incident} ${a.engineer}`)).toEqual([]);
    }
  });

  it('the regions follow the sun: each region takes first the incidents raised in its own day', () => {
    // an incident raised at a UTC hour when only one region is at work goes to that region
    const { out, assigned } = runs[0];
    const firstAssignee = new Map<string, string>();
    for (const a of assigned) if (!firstAssignee.has(a.incident!)) firstAssignee.set(a.incident!, a.engineer!);
    const zoneOf = (id: string) => model.engineerById.get(firstAssignee.get(id)!)!.timezone;
    const raisedIn = (zone: string) => out.incidents.filter((r) => {
      if (!firstAssignee.has(r.id)) return false;
      const { weekday, hour } = local(model, r.openedAt, zone);
      const others = Object.keys(REGIONS).filter((z) => z !== zone).map((z) => local(model, r.openedAt, z).hour);
      // raised in the middle of this region's weekday while both others are outside 07:00-18:00
      return !['Sat', 'Sun'].includes(weekday) && hour >= 9 && hour < 16 && others.every((h) => h < 7 || h >= 18);
    });
    for (const zone of Object.keys(REGIONS)) {
      const rs = raisedIn(zone);
      expect(rs.length, zone).toBeGreaterThan(50);
      const own = rs.filter((r) => zoneOf(r.id) === zone).length;
      expect(own / rs.length, zone).toBeGreaterThan(0.95);
    }
  });
});

describe('presence changes over five weeks (follow-the-sun.yaml, no arrivals)', () => {
  it('every change of every timeline reaches its engineer at its instant: in time order, and at one instant in roster order', () => {
    const model = buildModel(loadScenario(FILE).scenario);
    const told: string[] = [];
    runReplication(model, { index: 1, noArrivals: true, trace: (e) => { if (e.type === 'presence') told.push(`${e.t} ${e.engineer} ${e.detail}`); } });
    // what the timelines say, engineer by engineer in roster order: each change to another presence
    const expected: { t: number; k: number; line: string }[] = [];
    const timelines = model.presence(new RandomStreams(replicationSeed(model.seed, 1)).stream('absence'));
    model.engineers.forEach((m, k) => {
      const tl = timelines[m.index];
      let now = tl.at.length > 0 && tl.at[0] <= 0 ? tl.presence[0] : 'off';
      tl.at.forEach((t, i) => {
        if (t <= 0 || t >= model.horizon || tl.presence[i] === now) return;
        now = tl.presence[i];
        expected.push({ t, k, line: `${t} ${m.id} ${now}` });
      });
    });
    expected.sort((a, b) => a.t - b.t || a.k - b.k);
    expect(new Set(expected.map((x) => Math.floor(x.t / 10080))).size).toBe(5);
    expect(told).toEqual(expected.map((x) => x.line));
  });
});
