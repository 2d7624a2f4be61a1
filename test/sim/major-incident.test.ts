/**
 * scenarios/major-incident.yaml: war rooms and surge, each measured against the same scenario
 * with the feature switched off, replication by replication with the same seed (common random
 * numbers: every incident's content is drawn from its class's stream at arrival, so both variants
 * see the same incidents, and the paired differences have a much smaller spread than either run).
 *
 * Tolerance: a difference is "visible" when the paired 95% t-interval over the replications
 * excludes zero (mean > t(0.975, n−1) · sd / √n), and it is positive in (nearly) every
 * replication. Seeds are fixed, so the test is deterministic; the margins are what a different
 * seed would have to beat.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { Model } from '../../src/model/types.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/schema.js';
import type { ReplicationOutput } from '../../src/sim/records.js';
import { runReplication, type TraceEvent } from '../../src/sim/lifecycle/index.js';

const FILE = 'scenarios/major-incident.yaml';
const N = 8;
/** t(0.975, 7) */
const T_975_7 = 2.3646;
const OTHER_TEAMS = new Set(['network', 'database']);
const HELPERS = (id: string) => id.startsWith('apps-surge-');

function variant(change: (s: Scenario) => void = () => {}): Model {
  const s = structuredClone(loadScenario(FILE).scenario);
  change(s);
  return buildModel(s);
}

function runAll(model: Model): { out: ReplicationOutput; trace: TraceEvent[] }[] {
  return Array.from({ length: N }, (_, index) => {
    const trace: TraceEvent[] = [];
    const keep = new Set(['war-room-opened', 'surge-started', 'surge-ended']);
    const out = runReplication(model, { index, trace: (e) => { if (keep.has(e.type)) trace.push(e); } });
    return { out, trace };
  });
}

/** Mean time to resolve (minutes) of the measured, resolved, non-major incidents that `pick` selects. */
function mttr(out: ReplicationOutput, pick: (team: string) => boolean): number {
  const rs = out.incidents.filter((r) => !r.warmup && !r.major && r.resolvedAt !== undefined && pick(r.team));
  expect(rs.length).toBeGreaterThan(100);
  return rs.reduce((a, r) => a + (r.resolvedAt! - r.openedAt), 0) / rs.length;
}

/** Mean, 95% half-width and count of positive values of paired differences. */
function paired(d: number[]): { mean: number; half: number; positive: number } {
  const n = d.length;
  const mean = d.reduce((a, x) => a + x, 0) / n;
  const sd = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  return { mean, half: (T_975_7 * sd) / Math.sqrt(n), positive: d.filter((x) => x > 0).length };
}

describe('major-incident.yaml', () => {
  const base = runAll(variant());

  it('every run keeps the availability invariant', () => {
    for (const { out } of base) expect(out.violations).toEqual([]);
  });

  describe('war room', () => {
    const noWarRoom = runAll(variant((s) => { delete s.majorIncident; }));

    it('pulls a commander, a comms lead, a technical lead and responders from several teams', () => {
      const { out, trace } = base[0];
      const opened = trace.filter((e) => e.type === 'war-room-opened');
      expect(opened.length).toBeGreaterThan(10);
      const team = (id: string) => out.engineers.find((e) => e.id === id)!.team;
      // a full room: 1 + 1 + 1 + 4 people, from the desk, platform, network and database (a room
      // opened while another is still running gets whoever is left)
      // the detail casts the room: "commander sd-lead-01, communications sd-lead-02, technical platform-01, …"
      const members = (detail: string) => detail.split(', ').filter((p) => !p.includes(' also ') && !p.endsWith(' nobody free')).map((p) => p.split(' ')[1]);
      const full = opened.filter((e) => members(e.detail!).length === 7);
      expect(full.length / opened.length).toBeGreaterThan(0.75);
      // seven distinct people in a full room (issue 20: one lead was commander and comms lead at once)
      for (const e of full) expect(new Set(members(e.detail!)).size).toBe(7);
      const teams = new Set(full.flatMap((e) => members(e.detail!).map(team)));
      expect([...teams].sort()).toEqual(['database', 'network', 'platform', 'service-desk']);
    });

    it('lengthens the MTTR of the teams that lend responders (paired, same seeds)', () => {
      const on = base.map(({ out }) => mttr(out, (t) => OTHER_TEAMS.has(t)));
      const off = noWarRoom.map(({ out }) => mttr(out, (t) => OTHER_TEAMS.has(t)));
      const d = paired(on.map((x, i) => x - off[i]));
      // measured: +16.9 min [±5.6] on 88.4 min without war rooms, positive in 8 of 8
      expect(d.mean).toBeGreaterThan(d.half);
      expect(d.mean).toBeGreaterThan(10);
      expect(d.positive).toBeGreaterThanOrEqual(N - 1);
    });

    it('switched off, the same incidents arrive (common random numbers)', () => {
      for (let i = 0; i < N; i++) {
        const ids = (o: ReplicationOutput) => o.incidents.map((r) => `${r.id} ${r.class} ${r.priority} ${r.openedAt}`).sort();
        expect(ids(noWarRoom[i].out)).toEqual(ids(base[i].out));
      }
    });
  });

  describe('surge', () => {
    const noSurge = runAll(variant((s) => { delete s.teams.find((t) => t.id === 'service-desk')!.surge; }));

    it('calls the volunteers in when the desk backs up, for at most 4 hours', () => {
      for (const { trace } of base) {
        const started = trace.filter((e) => e.type === 'surge-started');
        const ended = trace.filter((e) => e.type === 'surge-ended');
        expect(started.length).toBeGreaterThan(3);
        expect(started[0].detail).toBe('apps-surge-04,apps-surge-05');
        started.forEach((s, k) => { if (ended[k]) expect(ended[k].t - s.t).toBeCloseTo(240, 6); });
      }
      for (const { trace } of noSurge) expect(trace.filter((e) => e.type === 'surge-started')).toEqual([]);
    });

    it('relieves the saturated desk: its MTTR falls (paired, same seeds)', () => {
      const on = base.map(({ out }) => mttr(out, (t) => t === 'service-desk'));
      const off = noSurge.map(({ out }) => mttr(out, (t) => t === 'service-desk'));
      const d = paired(off.map((x, i) => x - on[i]));
      // measured: −28.7 min [±5.3] on 73.8 min without surge, lower in 8 of 8
      expect(d.mean).toBeGreaterThan(d.half);
      expect(d.mean).toBeGreaterThan(10);
      expect(d.positive).toBe(N);
    });

    it("shows the volunteers' desk work in their own workload and busy time", () => {
      for (let i = 0; i < N; i++) {
        const helpers = (o: ReplicationOutput) => o.engineers.filter((e) => HELPERS(e.id));
        const on = helpers(base[i].out);
        const off = helpers(noSurge[i].out);
        expect(on.map((e) => e.team)).toEqual(['applications', 'applications']);
        const sum = (es: typeof on, f: (e: (typeof on)[number]) => number) => es.reduce((a, e) => a + f(e), 0);
        // busier and more incidents than on their own team's work alone
        expect(sum(on, (e) => e.busyMinutes)).toBeGreaterThan(1.5 * sum(off, (e) => e.busyMinutes));
        expect(sum(on, (e) => e.workload.count)).toBeGreaterThan(2 * sum(off, (e) => e.workload.count));
        // and the extra is desk work: desk incidents resolved by a volunteer
        const deskByHelper = (o: ReplicationOutput) => o.incidents.filter((r) => r.team === 'service-desk' && r.resolvedBy !== undefined && HELPERS(r.resolvedBy)).length;
        expect(deskByHelper(base[i].out)).toBeGreaterThan(100);
        expect(deskByHelper(noSurge[i].out)).toBe(0);
      }
    });
  });
});

describe('majorIncident.duration', () => {
  it('stands the war room down after the drawn time, or at resolution if sooner', () => {
    const model = variant((s) => {
      s.majorIncident!.duration = '20m';
      s.replications = 1;
    });
    const rooms = new Map<string, { opened?: number; closed?: number; resolved?: number }>();
    const at = (id: string) => rooms.get(id) ?? (rooms.set(id, {}), rooms.get(id)!);
    runReplication(model, {
      index: 0,
      trace: (e) => {
        if (e.type === 'war-room-opened') at(e.incident!).opened = e.t;
        if (e.type === 'war-room-closed') at(e.incident!).closed = e.t;
        if (e.type === 'resolved' && rooms.has(e.incident!)) at(e.incident!).resolved = e.t;
      },
    });
    expect(rooms.size).toBeGreaterThan(5);
    let early = 0;
    for (const [id, r] of rooms) {
      if (r.closed === undefined) continue; // still open at the horizon
      expect(r.closed - r.opened!, id).toBeLessThanOrEqual(20 + 1e-9);
      if (r.resolved === undefined || r.resolved > r.closed) {
        expect(r.closed - r.opened!, id).toBeCloseTo(20, 9);
        early++;
      } else expect(r.closed, id).toBe(r.resolved);
    }
    // P1s take longer than 20 minutes, so most rooms stand down before their incident is resolved
    expect(early).toBeGreaterThan(0);
  });
});
