/**
 * The engine's snapshot (src/engine/snapshot.ts): for random rosters (every routing policy, every
 * load unit and queue discipline, fallbacks, overflow, surge teams) and random call sequences, an
 * engine restored from the snapshot taken after call k (through JSON, as stored) and given the
 * calls after k makes exactly the decisions of the engine that made every call, and ends in the
 * same state. Taking a snapshot changes nothing.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { AssignmentEngine } from '../../src/engine/engine.js';
import type { Decision, Presence, RosterSpec } from '../../src/engine/types.js';
import { ROUTING_POLICIES } from '../../src/policies/routing/index.js';
import { oneTeam, ticket } from './roster.js';

const PRESENCE: Presence[] = ['on-shift', 'on-call', 'standby', 'off', 'away'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

const rosterArb: fc.Arbitrary<RosterSpec> = fc
  .record({
    loadUnit: fc.constantFrom('count' as const, 'effort' as const, 'severity' as const),
    teams: fc.array(fc.record({ policy: fc.constantFrom(...Object.keys(ROUTING_POLICIES)), queue: fc.constantFrom('fifo' as const, 'priority' as const, 'edf' as const), tier: fc.integer({ min: 1, max: 2 }), fallback: fc.nat(2), overflow: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    engineers: fc.array(fc.record({ team: fc.nat(), capacity: fc.integer({ min: 0, max: 3 }), skill: fc.boolean(), presence: fc.constantFrom(...PRESENCE) }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ loadUnit, teams, engineers }) => ({
    loadUnit,
    priorityWeights: { P1: 4, P2: 2, P3: 1, P4: 0.5 },
    teams: teams.map((t, i) => {
      const other = `t${(i + 1) % teams.length}`;
      return {
        id: `t${i}`, tier: t.tier, queue: t.queue,
        routing: { policy: t.policy, ...(t.policy === 'fairness-rotation' ? { options: { cap: 1, window: 30 } } : {}) },
        ...(t.fallback === 1 && teams.length > 1 ? { fallback: { kind: 'team' as const, team: other } } : t.fallback === 2 ? { fallback: { kind: 'next-tier' as const } } : {}),
        ...(t.overflow && teams.length > 1 ? { overflow: { team: other, saturation: 0.8 } } : {}),
      };
    }),
    engineers: engineers.map((e, i) => ({ id: `e${i}`, team: `t${e.team % teams.length}`, capacity: e.capacity, skills: e.skill ? { db: 3 } : {}, presence: e.presence })),
  }));

type Op =
  | { op: 'open'; team: number; priority: number; effort: number; skill: boolean; due: number | null }
  | { op: 'resolve' | 'release' | 'ack'; k: number }
  | { op: 'reassign'; k: number; team: number; named: number | null }
  | { op: 'presence'; e: number; presence: Presence }
  | { op: 'teams'; e: number; extra: number | null };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('open' as const), team: fc.nat(), priority: fc.nat(3), effort: fc.double({ min: 0, max: 4, noNaN: true }), skill: fc.boolean(), due: fc.option(fc.nat(300)) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('resolve' as const, 'release' as const, 'ack' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reassign' as const), k: fc.nat(), team: fc.nat(), named: fc.option(fc.nat()) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('presence' as const), e: fc.nat(), presence: fc.constantFrom(...PRESENCE) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('teams' as const), e: fc.nat(), extra: fc.option(fc.nat()) }) },
);

/** An engine with a random stream whose state can be saved, as the live service runs it. */
function engine(roster: RosterSpec, state?: seedrandom.State.Alea) {
  const prng = state ? seedrandom.alea('', { state }) : seedrandom.alea('snapshot-test', { state: true });
  return { eng: new AssignmentEngine(roster, { random: () => prng() }), prng };
}

/** Applies op number `step` (time = step) and returns the decisions it made. */
function apply(eng: AssignmentEngine, roster: RosterSpec, o: Op, step: number): readonly Decision[] {
  const teams = roster.teams.map((t) => t.id);
  const engs = roster.engineers.map((e) => e.id);
  const open = eng.openIncidents();
  const pick = (k: number) => open[k % open.length];
  switch (o.op) {
    case 'open':
      return [eng.decide({ id: `i${step}`, priority: PRIORITIES[o.priority], team: teams[o.team % teams.length], effortHours: o.effort, openedAt: step, ...(o.skill ? { skills: ['db'] } : {}), ...(o.due !== null ? { slaDueAt: o.due } : {}) }, step)];
    case 'resolve':
      return open.length ? eng.resolve(pick(o.k), step) : [];
    case 'release':
      return open.length ? eng.release(pick(o.k), step) : [];
    case 'ack': {
      if (!open.length) return [];
      const who = eng.incident(pick(o.k))!.engineerId;
      if (who !== undefined) eng.acknowledge(pick(o.k), who, step);
      return [];
    }
    case 'reassign':
      return open.length ? eng.reassign(pick(o.k), { team: teams[o.team % teams.length], ...(o.named !== null ? { engineerId: engs[o.named % engs.length] } : {}) }, step, 'test') : [];
    case 'presence':
      return eng.setPresence(engs[o.e % engs.length], o.presence, step);
    case 'teams': {
      const e = roster.engineers[o.e % engs.length];
      return eng.setTeams(e.id, o.extra === null ? [e.team] : [e.team, teams[o.extra % teams.length]], step);
    }
  }
}

const json = (x: unknown) => JSON.stringify(x);

describe('engine snapshots', () => {
  it('restored after call k, then the rest: the decisions and the state of the engine that made every call', () => {
    fc.assert(
      fc.property(rosterArb, fc.array(opArb, { minLength: 1, maxLength: 80 }), fc.nat(), (roster, ops, cut) => {
        const k = cut % (ops.length + 1);
        const whole = engine(roster);
        const before = ops.slice(0, k).map((o, i) => apply(whole.eng, roster, o, i));
        const part = engine(roster);
        expect(ops.slice(0, k).map((o, i) => apply(part.eng, roster, o, i))).toEqual(before);
        const snap = part.eng.snapshot();
        expect(part.eng.snapshot()).toEqual(snap); // taking one changes nothing
        const back = engine(roster, part.prng.state());
        back.eng.restore(JSON.parse(json(snap)));
        expect(json(back.eng.snapshot())).toBe(json(snap));
        const rest = ops.slice(k);
        expect(rest.map((o, i) => apply(back.eng, roster, o, k + i))).toEqual(rest.map((o, i) => apply(whole.eng, roster, o, k + i)));
        expect(json(back.eng.snapshot())).toBe(json(whole.eng.snapshot()));
        expect(back.eng.biasAudit(0.5)).toEqual(whole.eng.biasAudit(0.5));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('keeps the queues in service order, the handles and a policy cursor (exact)', () => {
    const roster = oneTeam([{ capacity: 1 }, { capacity: 1 }], { routing: { policy: 'round-robin' }, queue: 'priority' });
    const { eng } = engine(roster);
    const t = (over = {}) => ticket({ openedAt: 0, ...over });
    const [a, b, c, d] = [t({ id: 'a' }), t({ id: 'b' }), t({ id: 'c', priority: 'P4' }), t({ id: 'd', priority: 'P1' })];
    expect([a, b, c, d].map((x) => eng.decide(x, 0).engineerId ?? 'queued')).toEqual(['e1', 'e2', 'queued', 'queued']);
    eng.resolve('a', 1);
    const s = eng.snapshot();
    expect(s.teams[0]).toMatchObject({ queue: ['c'], policy: { last: 0 } });
    expect(s.freeSlots).toEqual([0]); // a's handle, reused by the next incident
    expect(s.incidents.map((i) => [i.ticket.id, i.handle, i.engineer ?? 'queued'])).toEqual([['b', 1, 'e2'], ['c', 2, 'queued'], ['d', 3, 'e1']]);
    const back = engine(roster).eng;
    back.restore(JSON.parse(json(s)));
    expect(back.queued('t')).toEqual(['c']);
    // e2 frees up: round-robin's cursor (e1 was last) and the queue give c to e2 in both
    expect(back.resolve('b', 2).map((x) => [x.incidentId, x.engineerId])).toEqual([['c', 'e2']]);
    expect(eng.resolve('b', 2).map((x) => [x.incidentId, x.engineerId])).toEqual([['c', 'e2']]);
    const e = ticket({ id: 'e' });
    expect(back.decide({ ...e }, 3)).toEqual(eng.decide({ ...e }, 3));
    expect(eng.snapshot().incidents.find((i) => i.ticket.id === 'e')!.handle).toBe(1); // b's, freed last, is reused first
  });

  it('refuses a snapshot into an engine that has decided, or of another roster', () => {
    const roster = oneTeam([{ capacity: 1 }]);
    const { eng } = engine(roster);
    eng.decide(ticket(), 0);
    expect(() => eng.restore(eng.snapshot())).toThrow('engine snapshot: restore needs a new engine');
    expect(() => engine(oneTeam([{}, {}])).eng.restore(eng.snapshot())).toThrow('engine snapshot: 1 engineers; the roster has 2');
    expect(() => engine(roster).eng.restore({ ...eng.snapshot(), version: 99 })).toThrow('engine snapshot: version 99; this engine reads version 1');
  });

  it("lists each engineer's incidents in arrival order, and refuses a list that disagrees with the incidents' assignees", () => {
    const roster = oneTeam([{ capacity: 3 }, { capacity: 3 }]);
    const { eng } = engine(roster);
    for (const id of ['a', 'b', 'c']) eng.decide(ticket({ id }), 0);
    eng.reassign('a', { team: 't', engineerId: 'e1' }, 1, 'back');
    const s = eng.snapshot();
    expect(s.engineers.map((e) => [e.id, e.held])).toEqual([['e1', ['a', 'c']], ['e2', ['b']]]);
    expect(eng.engineer('e1').incidents).toEqual(['a', 'c']);
    const wrong = JSON.parse(json(s));
    wrong.engineers[1].held = ['a', 'b'];
    expect(() => engine(roster).eng.restore(wrong)).toThrow('engine snapshot: engineer e2: holds "a", which is not assigned to them');
  });
});
