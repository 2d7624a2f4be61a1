/**
 * Properties of the engine over random rosters and random event sequences (fast-check):
 * nobody absent, full or unskilled is ever assigned; nothing is lost (a shadow model built only
 * from the returned decisions always matches the engine, and every open incident is in exactly
 * one place); nothing waits in a queue while an eligible member of its team is free; the same
 * inputs and seed give the same decisions, explained or not, new or reused objects; round-robin spreads evenly; least-loaded picks a minimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssignmentEngine } from '../../src/engine/engine.js';
import { ASSIGNABLE, type Decision, type Presence, type RosterSpec, type Ticket } from '../../src/engine/types.js';
import { ROUTING_POLICIES } from '../../src/policies/routing/index.js';
import { createStream } from '../../src/kernel/rng.js';

const SKILLS = ['a', 'b', 'c'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const PRESENCE: Presence[] = ['on-shift', 'on-call', 'off', 'away', 'vacation', 'meeting', 'war-room'];
const POLICIES = Object.keys(ROUTING_POLICIES);

const skillSet = fc.subarray(SKILLS, { maxLength: 2 });

const rosterArb: fc.Arbitrary<RosterSpec> = fc
  .record({
    nTeams: fc.integer({ min: 1, max: 3 }),
    loadUnit: fc.constantFrom('count', 'effort', 'severity'),
    teams: fc.array(
      fc.record({
        policy: fc.constantFrom(...POLICIES),
        queue: fc.constantFrom('fifo', 'priority', 'edf'),
        fallback: fc.integer({ min: 0, max: 3 }),
        overflow: fc.option(fc.record({ to: fc.nat(), saturation: fc.double({ min: 0.3, max: 2, noNaN: true }) }), { nil: undefined }),
        tier: fc.integer({ min: 1, max: 2 }),
      }),
      { minLength: 3, maxLength: 3 },
    ),
    engineers: fc.array(
      fc.record({
        team: fc.nat(),
        capacity: fc.integer({ min: 0, max: 3 }),
        skills: fc.dictionary(fc.constantFrom(...SKILLS), fc.integer({ min: 1, max: 5 }), { maxKeys: 3 }),
        presence: fc.constantFrom(...PRESENCE),
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ nTeams, loadUnit, teams, engineers }) => {
    const ids = Array.from({ length: nTeams }, (_, i) => `t${i}`);
    return {
      loadUnit: loadUnit as RosterSpec['loadUnit'],
      priorityWeights: { P1: 4, P2: 2, P3: 1, P4: 0.5 },
      teams: ids.map((id, i) => {
        const t = teams[i];
        const other = ids[(i + 1) % nTeams];
        return {
          id,
          tier: t.tier,
          routing: { policy: t.policy },
          queue: t.queue as 'fifo',
          fallback: t.fallback === 1 && other !== id ? { kind: 'team' as const, team: other } : t.fallback === 2 ? { kind: 'next-tier' as const } : undefined,
          overflow: t.overflow && other !== id ? { team: other, saturation: t.overflow.saturation } : undefined,
        };
      }),
      engineers: engineers.map((e, i) => ({ id: `e${i}`, team: ids[e.team % nTeams], capacity: e.capacity, skills: e.skills, presence: e.presence })),
    };
  });

type Op =
  | { op: 'open'; team: number; priority: string; skills: string[]; effort: number; due?: number }
  | { op: 'resolve' | 'release' | 'ack'; k: number }
  | { op: 'reassign'; k: number; team: number; named: number | undefined }
  | { op: 'presence'; e: number; presence: Presence }
  | { op: 'teams'; e: number; extra: number | undefined };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('open' as const), team: fc.nat(), priority: fc.constantFrom(...PRIORITIES), skills: skillSet, effort: fc.double({ min: 0, max: 5, noNaN: true }), due: fc.option(fc.nat({ max: 500 }), { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('resolve' as const, 'release' as const, 'ack' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reassign' as const), k: fc.nat(), team: fc.nat(), named: fc.option(fc.nat(), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('presence' as const), e: fc.nat(), presence: fc.constantFrom(...PRESENCE) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('teams' as const), e: fc.nat(), extra: fc.option(fc.nat(), { nil: undefined }) }) },
);

interface Shadow {
  presence: Map<string, Presence>;
  teams: Map<string, string[]>;
  /** incident → engineer or undefined (queued) */
  holder: Map<string, string | undefined>;
  team: Map<string, string>;
  tickets: Map<string, Ticket>;
  /** a released incident waiting in a queue may skip the engineer who released it */
  declined: Map<string, string>;
}

/** Replays `ops`, checking every decision against a shadow model; returns every decision. */
function replay(roster: RosterSpec, ops: Op[], seed: number, explain = true, reuseDecisions = false, adopt = false, byHandle = false): Decision[] {
  const eng = new AssignmentEngine(roster, { random: createStream(seed), explain, reuseDecisions, indexById: !byHandle });
  // by handle only (indexById: false): every call names an incident by the handle its decisions carry
  const handles = new Map<string, number>();
  const ref = (id: string): string | number => (byHandle ? handles.get(id)! : id);
  const teamIds = roster.teams.map((t) => t.id);
  const engIds = roster.engineers.map((e) => e.id);
  const spec = new Map(roster.engineers.map((e) => [e.id, e]));
  const s: Shadow = {
    presence: new Map(roster.engineers.map((e) => [e.id, e.presence ?? 'off'])),
    teams: new Map(roster.engineers.map((e) => [e.id, [e.team]])),
    holder: new Map(), team: new Map(), tickets: new Map(), declined: new Map(),
  };
  const weight = (t: Ticket): number => (roster.loadUnit === 'count' ? 1 : roster.loadUnit === 'effort' ? t.effortHours : roster.priorityWeights![t.priority]);
  const load = (e: string): number => {
    let sum = 0;
    for (const [id, h] of s.holder) if (h === e) sum += weight(s.tickets.get(id)!);
    return sum;
  };
  const all: Decision[] = [];
  const apply = (d: Decision, t: number): void => {
    expect(d.at).toBe(t);
    if (d.engineerId !== undefined) {
      const e = d.engineerId;
      const ticket = s.tickets.get(d.incidentId)!;
      // Never absent, never full, never unskilled, always a member of the team it is in.
      expect(ASSIGNABLE.has(s.presence.get(e)!), `${e} is ${s.presence.get(e)}`).toBe(true);
      expect(load(e) < spec.get(e)!.capacity - 1e-9 || s.holder.get(d.incidentId) === e, `${e} at capacity`).toBe(true);
      // …and never more incidents than capacity, whatever the unit (what the simulator's work model counts)
      const held = [...s.holder.entries()].filter(([id, h]) => h === e && id !== d.incidentId).length;
      expect(held < spec.get(e)!.capacity - 1e-9, `${e} holds ${held} of ${spec.get(e)!.capacity}`).toBe(true);
      for (const k of ticket.skills ?? []) expect(spec.get(e)!.skills ?? {}).toHaveProperty(k);
      expect(s.teams.get(e)).toContain(d.team);
      s.declined.delete(d.incidentId);
    }
    s.holder.set(d.incidentId, d.engineerId);
    s.team.set(d.incidentId, d.team);
    handles.set(d.incidentId, d.incident);
    // reused decisions are the engine's, overwritten by its next call: kept as copies
    all.push(reuseDecisions ? { ...d } : d);
  };
  const open = (): string[] => [...s.holder.keys()];
  let n = 0;
  ops.forEach((o, step) => {
    const t = step;
    switch (o.op) {
      case 'open': {
        const ticket: Ticket = { id: `i${++n}`, priority: o.priority, team: teamIds[o.team % teamIds.length], skills: o.skills, effortHours: o.effort, openedAt: t, slaDueAt: o.due };
        s.tickets.set(ticket.id, ticket);
        if (!adopt) apply(eng.decide(ticket, t), t);
        else {
          // the caller's own incident object, adopted: the engine writes its fields there and nothing else
          const own = { mine: ticket.id, handle: -1, ticket: undefined, ticketId: '', ticketSkills: undefined, ticketOpenedAt: 0, ticketDueAt: undefined, ticketCategory: undefined, seq: 0, effort: 0, rank: 0, owner: undefined, assignee: undefined, queuedAt: NaN, acknowledgedAt: undefined };
          const d = eng.decide(ticket, t, undefined, own);
          expect(Object.keys(own)).toEqual(['mine', 'handle', 'ticket', 'ticketId', 'ticketSkills', 'ticketOpenedAt', 'ticketDueAt', 'ticketCategory', 'seq', 'effort', 'rank', 'owner', 'assignee', 'queuedAt', 'acknowledgedAt']);
          expect([own.mine, own.handle]).toEqual([ticket.id, d.incident]);
          apply(d, t);
        }
        break;
      }
      case 'resolve': case 'release': case 'ack': {
        const ids = open();
        if (ids.length === 0) break;
        const id = ids[o.k % ids.length];
        if (o.op === 'ack') {
          const h = s.holder.get(id);
          if (h) eng.acknowledge(ref(id), h, t);
          break;
        }
        if (o.op === 'resolve') {
          const follow = eng.resolve(ref(id), t);
          s.holder.delete(id);
          s.declined.delete(id);
          follow.forEach((d) => apply(d, t));
        } else {
          const h = s.holder.get(id);
          const ds = eng.release(ref(id), t);
          if (h === undefined) expect(ds).toEqual([]);
          else {
            expect(ds[0].incidentId).toBe(id);
            expect(ds[0].engineerId).not.toBe(h);
            s.holder.set(id, undefined);
            ds.forEach((d) => apply(d, t));
            if (s.holder.get(id) === undefined) s.declined.set(id, h);
          }
        }
        break;
      }
      case 'reassign': {
        const ids = open();
        if (ids.length === 0) break;
        const id = ids[o.k % ids.length];
        const to = teamIds[o.team % teamIds.length];
        const named = o.named !== undefined ? engIds[o.named % engIds.length] : undefined;
        s.holder.set(id, undefined);
        s.declined.delete(id);
        const ds = eng.reassign(ref(id), { team: to, engineerId: named }, t, 'test');
        expect(ds[0].incidentId).toBe(id);
        s.tickets.set(id, { ...s.tickets.get(id)! });
        ds.forEach((d) => apply(d, t));
        break;
      }
      case 'presence': {
        const e = engIds[o.e % engIds.length];
        s.presence.set(e, o.presence);
        eng.setPresence(e, o.presence, t).forEach((d) => apply(d, t));
        break;
      }
      case 'teams': {
        const e = engIds[o.e % engIds.length];
        const home = spec.get(e)!.team;
        const teams = o.extra === undefined ? [home] : [...new Set([home, teamIds[o.extra % teamIds.length]])];
        s.teams.set(e, teams);
        eng.setTeams(e, teams, t).forEach((d) => apply(d, t));
        break;
      }
    }
    checkConservation(eng, s, teamIds, ref);
    checkNothingWaitsNeedlessly(eng, s, teamIds, engIds, spec, load);
  });
  return all;
}

function checkConservation(eng: AssignmentEngine, s: Shadow, teamIds: string[], ref: (id: string) => string | number): void {
  // The engine's open incidents are exactly the shadow's, each where the decisions put it.
  expect(eng.openIncidents()).toEqual([...s.holder.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
  let queued = 0;
  for (const team of teamIds) {
    const q = eng.queued(team);
    queued += q.length;
    for (const id of q) expect(s.holder.get(id)).toBeUndefined();
    for (const id of q) expect(s.team.get(id)).toBe(team);
  }
  let held = 0;
  for (const [id, h] of s.holder) {
    expect(eng.incident(ref(id))).toMatchObject({ engineerId: h, queued: h === undefined, team: s.team.get(id) });
    if (h !== undefined) held++;
  }
  expect(queued + held).toBe(s.holder.size);
}

function checkNothingWaitsNeedlessly(
  eng: AssignmentEngine, s: Shadow, teamIds: string[], engIds: string[],
  spec: Map<string, RosterSpec['engineers'][number]>, load: (e: string) => number,
): void {
  for (const team of teamIds) {
    for (const id of eng.queued(team)) {
      const t = s.tickets.get(id)!;
      for (const e of engIds) {
        const held = [...s.holder.values()].filter((h) => h === e).length;
        const free = ASSIGNABLE.has(s.presence.get(e)!) && load(e) < spec.get(e)!.capacity - 1e-9 && held < spec.get(e)!.capacity - 1e-9;
        const fits = (t.skills ?? []).every((k) => k in (spec.get(e)!.skills ?? {}));
        if (free && fits && s.teams.get(e)!.includes(team)) expect(s.declined.get(id), `${id} waits in ${team} while ${e} is free`).toBe(e);
      }
    }
  }
}

describe('AssignmentEngine properties', () => {
  it('never assigns to the absent, full or unskilled; loses nothing; leaves nothing waiting needlessly', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 60 }), fc.integer(), (roster, ops, seed) => {
      replay(roster, ops, seed);
    }), { numRuns: 300 });
  });

  it('is deterministic: the same roster, events and seed give identical decisions', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 40 }), fc.integer(), (roster, ops, seed) => {
      expect(JSON.stringify(replay(roster, ops, seed))).toBe(JSON.stringify(replay(roster, ops, seed)));
    }), { numRuns: 100 });
  });

  it('makes the same choices without explanations (explain: false), which carry no reason or candidates', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 40 }), fc.integer(), (roster, ops, seed) => {
      const bare = replay(roster, ops, seed, false);
      const choice = (d: Decision) => ({ ...d, reason: '', candidates: [] });
      expect(bare).toEqual(replay(roster, ops, seed).map(choice));
      for (const d of bare) expect([d.reason, d.candidates.length]).toEqual(['', 0]);
    }), { numRuns: 150 });
  });

  it('makes the same decisions by handle only (indexById: false), with and without reused decisions', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 40 }), fc.integer(), (roster, ops, seed) => {
      const byId = JSON.stringify(replay(roster, ops, seed, false));
      expect(JSON.stringify(replay(roster, ops, seed, false, true, false, true))).toBe(byId);
      expect(JSON.stringify(replay(roster, ops, seed, false, false, false, true))).toBe(byId);
      expect(JSON.stringify(replay(roster, ops, seed, true, true, true, true))).toBe(JSON.stringify(replay(roster, ops, seed, true)));
    }), { numRuns: 150 });
  });

  it('makes the same decisions when they are the engine\'s reused objects (reuseDecisions), read before the next call', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 40 }), fc.integer(), (roster, ops, seed) => {
      expect(JSON.stringify(replay(roster, ops, seed, false, true))).toBe(JSON.stringify(replay(roster, ops, seed, false)));
      expect(JSON.stringify(replay(roster, ops, seed, true, true))).toBe(JSON.stringify(replay(roster, ops, seed, true)));
    }), { numRuns: 150 });
  });

  it('makes the same decisions when it keeps its state on the caller\'s own incident objects (decide with `into`)', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 40 }), fc.integer(), (roster, ops, seed) => {
      expect(JSON.stringify(replay(roster, ops, seed, true, false, true))).toBe(JSON.stringify(replay(roster, ops, seed)));
    }), { numRuns: 100 });
  });

  it('round-robin spreads evenly: counts differ by at most one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 60 }), (n, tickets) => {
      const eng = new AssignmentEngine({
        teams: [{ id: 't', routing: { policy: 'round-robin' } }],
        engineers: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, team: 't', capacity: 1000, presence: 'on-shift' as const })),
      }, { random: () => 0 });
      const counts = new Array<number>(n).fill(0);
      for (let k = 0; k < tickets; k++) counts[Number(eng.decide({ id: `i${k}`, priority: 'P3', team: 't', effortHours: 1, openedAt: k }, k).engineerId!.slice(1))]++;
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }));
  });

  it('least-loaded picks an engineer of minimum load among the eligible', () => {
    fc.assert(fc.property(rosterArb, fc.array(opArb, { maxLength: 40 }), fc.integer(), (roster, ops, seed) => {
      const r = { ...roster, teams: roster.teams.map((t) => ({ ...t, routing: { policy: 'least-loaded' } })) };
      for (const d of replay(r, ops, seed)) {
        if (d.engineerId === undefined || d.reason.includes('by name')) continue;
        const eligible = d.candidates.filter((c) => c.eligible);
        const chosen = eligible.find((c) => c.engineerId === d.engineerId)!;
        expect(chosen.load).toBe(Math.min(...eligible.map((c) => c.load)));
      }
    }), { numRuns: 150 });
  });
});
