import { describe, expect, it } from 'vitest';
import { AssignmentEngine } from '../../src/engine/engine.js';
import type { Decision, RosterSpec } from '../../src/engine/types.js';
import { UserError } from '../../src/errors.js';
import { oneTeam, ticket, who } from './roster.js';

const rnd = () => 0.5;

describe('AssignmentEngine: capacity', () => {
  it('admits work while an engineer is under capacity, then queues', () => {
    const eng = new AssignmentEngine(oneTeam([{ capacity: 2 }]), { random: rnd });
    const ds = [0, 1, 2].map((k) => eng.decide(ticket({ id: `a${k}` }), k));
    expect(ds.map(who)).toEqual(['e1', 'e1', 'queue:t']);
    expect(ds[2].kind).toBe('queue');
    expect(ds[2].candidates).toEqual([{ engineerId: 'e1', load: 2, capacity: 2, eligible: false, excluded: 'at-capacity' }]);
    expect(ds[2].reason).toContain('nobody eligible in t');
    expect(eng.queueLength('t')).toBe(1);
  });

  it('resolving frees capacity and returns the follow-on assignment from the queue', () => {
    const eng = new AssignmentEngine(oneTeam([{ capacity: 1 }]), { random: rnd });
    eng.decide(ticket({ id: 'a' }), 0);
    eng.decide(ticket({ id: 'b' }), 1);
    const follow = eng.resolve('a', 10);
    expect(follow).toHaveLength(1);
    expect(follow[0]).toMatchObject({ at: 10, incidentId: 'b', kind: 'assign', engineerId: 'e1', team: 't' });
    expect(follow[0].reason).toMatch(/^from the t queue after 9 min: e1/);
    expect(eng.queueLength('t')).toBe(0);
  });

  it('weights load by priority with loadUnit severity: a P1 of weight 4 fills capacity 3', () => {
    const roster = oneTeam([{ capacity: 3 }], {}, { loadUnit: 'severity', priorityWeights: { P1: 4, P3: 1 } });
    const eng = new AssignmentEngine(roster, { random: rnd });
    expect(who(eng.decide(ticket({ id: 'p1', priority: 'P1' }), 0))).toBe('e1');
    expect(eng.engineer('e1').load).toBe(4);
    expect(who(eng.decide(ticket({ id: 'p3', priority: 'P3' }), 0))).toBe('queue:t');
  });

  it('weights load by effort hours with loadUnit effort', () => {
    const eng = new AssignmentEngine(oneTeam([{ capacity: 2 }], {}, { loadUnit: 'effort' }), { random: rnd });
    expect(who(eng.decide(ticket({ effortHours: 1.5 }), 0))).toBe('e1');
    expect(who(eng.decide(ticket({ effortHours: 3 }), 0))).toBe('e1');
    expect(eng.engineer('e1').load).toBe(4.5);
    expect(who(eng.decide(ticket({ effortHours: 0.1 }), 0))).toBe('queue:t');
  });

  it('an engineer with capacity 0 never gets work', () => {
    const eng = new AssignmentEngine(oneTeam([{ capacity: 0 }, { capacity: 1 }]), { random: rnd });
    expect(who(eng.decide(ticket(), 0))).toBe('e2');
    expect(who(eng.decide(ticket(), 0))).toBe('queue:t');
  });
});

describe('AssignmentEngine: presence', () => {
  it('never assigns to someone off, away, on vacation, in a meeting or in a war room', () => {
    const absent = ['off', 'away', 'vacation', 'meeting', 'war-room'] as const;
    const eng = new AssignmentEngine(oneTeam([...absent.map((p) => ({ presence: p })), { presence: 'on-call' }]), { random: rnd });
    const d = eng.decide(ticket(), 0);
    expect(who(d)).toBe('e6');
    const again = eng.decide(ticket(), 0);
    expect(again.kind).toBe('queue');
    expect(again.candidates.map((c) => c.excluded)).toEqual(['off', 'away', 'vacation', 'meeting', 'war-room', 'at-capacity']);
  });

  it('someone coming on shift takes queued work, in queue order', () => {
    const eng = new AssignmentEngine(oneTeam([{ presence: 'off', capacity: 2 }]), { random: rnd });
    eng.decide(ticket({ id: 'low', priority: 'P4' }), 0);
    eng.decide(ticket({ id: 'high', priority: 'P1' }), 1);
    eng.decide(ticket({ id: 'mid', priority: 'P2' }), 2);
    expect(eng.queued('t')).toEqual(['high', 'mid', 'low']);
    const follow = eng.setPresence('e1', 'on-shift', 5);
    expect(follow.map((d) => [d.incidentId, d.engineerId])).toEqual([['high', 'e1'], ['mid', 'e1']]);
    expect(eng.queued('t')).toEqual(['low']);
  });

  it('going off shift keeps held incidents until they are released, which routes them again', () => {
    const eng = new AssignmentEngine(oneTeam([{}, {}]), { random: rnd });
    eng.decide(ticket({ id: 'a' }), 0);
    eng.decide(ticket({ id: 'b' }), 0);
    expect(eng.setPresence('e1', 'off', 5)).toEqual([]);
    expect(eng.incident('a')).toMatchObject({ engineerId: 'e1' });
    const ds = eng.release('a', 5);
    expect(ds.map(who)).toEqual(['queue:t']);
    expect(ds[0].reason).toMatch(/^released by e1: nobody eligible in t/);
    expect(eng.resolve('b', 9).map((d) => [d.incidentId, d.engineerId])).toEqual([['a', 'e2']]);
  });

  it('by handle only (indexById: false): ids are refused with one line, handles work, open incidents still listed in arrival order', () => {
    const eng = new AssignmentEngine(oneTeam([{}, {}]), { random: rnd, indexById: false, reuseDecisions: true });
    const a = eng.decide(ticket({ id: 'a' }), 0).incident;
    const b = eng.decide(ticket({ id: 'b' }), 1).incident;
    expect(() => eng.resolve('a', 2)).toThrow(/^incident "a": this engine refers to incidents by handle only \(indexById: false\)$/);
    expect(() => eng.incident('a')).toThrow(/by handle only/);
    expect(eng.openIncidents()).toEqual(['a', 'b']);
    expect(eng.incident(a)).toMatchObject({ engineerId: 'e1' });
    expect(eng.resolve(a, 2)).toEqual([]);
    // the resolved incident's handle is reused; its ticket is the new one's
    const c = eng.decide(ticket({ id: 'c', priority: 'P1' }), 3);
    expect([c.incidentId, c.engineerId, eng.openIncidents()]).toEqual(['c', 'e1', ['b', 'c']]);
    expect(eng.incident(b)).toMatchObject({ engineerId: 'e2' });
    expect(eng.snapshot().incidents.map((i) => [i.ticket.id, i.ticket.priority])).toEqual([['b', 'P3'], ['c', 'P1']]);
  });

  it('keeps what it needs of a ticket: the caller may change its ticket and skills list afterwards; the team of its ticket follows the incident', () => {
    const roster: RosterSpec = {
      teams: [{ id: 't' }, { id: 'u' }],
      engineers: [{ id: 'e1', team: 't', skills: { db: 3 }, presence: 'on-shift' }, { id: 'e2', team: 'u', presence: 'on-shift' }],
    };
    const eng = new AssignmentEngine(roster, { random: rnd });
    const skills = ['db'];
    const t = ticket({ id: 'a', skills, slaDueAt: 90, category: 'c' });
    expect(eng.decide(t, 0).engineerId).toBe('e1');
    skills.push('net');
    t.priority = 'P1';
    t.team = 'x';
    // e2 lacks db: queued in u
    expect(eng.reassign('a', { team: 'u' }, 1, 'moved').map(who)).toEqual(['queue:u']);
    expect(eng.snapshot().incidents.map((i) => i.ticket)).toEqual([{ ...ticket({ id: 'a', slaDueAt: 90, category: 'c' }), skills: ['db'], team: 'u' }]);
  });

  it('a released incident does not go straight back to whoever released it', () => {
    const eng = new AssignmentEngine(oneTeam([{}]), { random: rnd });
    eng.decide(ticket({ id: 'a' }), 0);
    const ds = eng.release('a', 3);
    expect(ds.map(who)).toEqual(['queue:t']);
    expect(ds[0].candidates).toEqual([{ engineerId: 'e1', load: 0, capacity: 1, eligible: false, excluded: 'released-it' }]);
    expect(ds[0].reason).toBe('released by e1: nobody eligible in t (1 member): 1 released it; queued in t at position 1 of 1 (priority)');
    // On the next event that frees or adds capacity the engineer may take it again.
    eng.decide(ticket({ id: 'b', team: 't' }), 4);
    expect(eng.engineer('e1').incidents).toEqual(['b']);
  });
});

describe('AssignmentEngine: skills', () => {
  it('requires every skill; queued work waits for someone who has them', () => {
    const eng = new AssignmentEngine(oneTeam([{ skills: { net: 3 } }, { skills: { net: 2, db: 4 } }]), { random: rnd });
    expect(who(eng.decide(ticket({ id: 'x', skills: ['db', 'net'] }), 0))).toBe('e2');
    const d = eng.decide(ticket({ id: 'y', skills: ['db'] }), 1);
    expect(who(d)).toBe('queue:t');
    expect(d.candidates[0]).toMatchObject({ engineerId: 'e1', eligible: false, excluded: 'missing-skill:db' });
    // e1 is free but lacks db: a plain ticket still goes to e1, the db one keeps waiting.
    expect(who(eng.decide(ticket({ id: 'z' }), 2))).toBe('e1');
    expect(eng.resolve('x', 3).map((f) => [f.incidentId, f.engineerId])).toEqual([['y', 'e2']]);
  });

  it('counts why nobody is eligible: absent, at capacity, lacking the skills', () => {
    const eng = new AssignmentEngine(oneTeam([{ presence: 'off' }, { capacity: 0 }, { skills: { net: 1 } }, {}]), { random: rnd });
    expect(eng.decide(ticket({ skills: ['db'] }), 0).reason)
      .toBe('nobody eligible in t (4 members): 1 absent, 1 at capacity, 2 lacking db; queued in t at position 1 of 1 (priority)');
  });

  it('skips a head-of-queue item nobody free can take and serves the next one', () => {
    const eng = new AssignmentEngine(oneTeam([{ presence: 'off' }], { queue: 'fifo' }), { random: rnd });
    eng.decide(ticket({ id: 'needs-db', skills: ['db'] }), 0);
    eng.decide(ticket({ id: 'plain' }), 1);
    expect(eng.setPresence('e1', 'on-shift', 2).map((d) => d.incidentId)).toEqual(['plain']);
    expect(eng.queued('t')).toEqual(['needs-db']);
  });
});

describe('AssignmentEngine: queue disciplines', () => {
  const arrivals = [
    { id: 'a', priority: 'P3', openedAt: 0, slaDueAt: 300 },
    { id: 'b', priority: 'P1', openedAt: 1, slaDueAt: 240 },
    { id: 'c', priority: 'P2', openedAt: 2 },
    { id: 'd', priority: 'P3', openedAt: 3, slaDueAt: 100 },
  ];
  const order = (queue: 'fifo' | 'priority' | 'edf'): string[] => {
    const eng = new AssignmentEngine(oneTeam([{ presence: 'off' }], { queue }), { random: rnd });
    for (const a of arrivals) eng.decide(ticket(a), a.openedAt);
    return eng.queued('t');
  };
  it('fifo serves in arrival order', () => expect(order('fifo')).toEqual(['a', 'b', 'c', 'd']));
  it('priority serves P1 first, then arrival order', () => expect(order('priority')).toEqual(['b', 'c', 'a', 'd']));
  it('edf serves the earliest SLA deadline first; no deadline last', () => expect(order('edf')).toEqual(['d', 'b', 'a', 'c']));
});

describe('AssignmentEngine: fallback', () => {
  const roster = (fallback: { kind: 'queue' } | { kind: 'team'; team: string } | { kind: 'next-tier' }, backupPresence: 'on-shift' | 'off' = 'on-shift') => ({
    teams: [{ id: 'desk', tier: 1, fallback }, { id: 'backup', tier: 1 }, { id: 'l2', tier: 2 }],
    engineers: [
      { id: 'd1', team: 'desk', presence: 'off' as const },
      { id: 'b1', team: 'backup', presence: backupPresence },
      { id: 'x1', team: 'l2', presence: 'on-call' as const },
    ],
  });

  it('queue (default): waits in its own team', () => {
    const d = new AssignmentEngine(roster({ kind: 'queue' }), { random: rnd }).decide(ticket({ team: 'desk' }), 0);
    expect(d).toMatchObject({ kind: 'queue', team: 'desk' });
    expect(d.fallback).toBeUndefined();
  });

  it('team: goes to the backup team and says so', () => {
    const d = new AssignmentEngine(roster({ kind: 'team', team: 'backup' }), { random: rnd }).decide(ticket({ team: 'desk' }), 0);
    expect(d).toMatchObject({ kind: 'assign', team: 'backup', engineerId: 'b1', fallback: 'team:backup' });
    expect(d.reason).toMatch(/^nobody eligible in desk \(1 member\): 1 absent; fallback to backup: b1/);
  });

  it('next-tier: goes to the first team of the next tier', () => {
    const d = new AssignmentEngine(roster({ kind: 'next-tier' }), { random: rnd }).decide(ticket({ team: 'desk' }), 0);
    expect(d).toMatchObject({ kind: 'assign', team: 'l2', engineerId: 'x1', fallback: 'next-tier:l2' });
  });

  it('when the backup has nobody either, queues in the original team', () => {
    const eng = new AssignmentEngine(roster({ kind: 'team', team: 'backup' }, 'off'), { random: rnd });
    const d = eng.decide(ticket({ id: 'q', team: 'desk' }), 0);
    expect(d).toMatchObject({ kind: 'queue', team: 'desk', fallback: 'team:backup' });
    expect(d.reason).toContain('fallback backup: nobody eligible in backup');
    expect(eng.queued('desk')).toEqual(['q']);
  });
});

describe('AssignmentEngine: overflow', () => {
  const roster = {
    teams: [{ id: 'a', overflow: { team: 'b', saturation: 0.75 } }, { id: 'b' }],
    engineers: [
      { id: 'a1', team: 'a', capacity: 2, presence: 'on-shift' as const },
      { id: 'a2', team: 'a', capacity: 2, presence: 'on-shift' as const },
      { id: 'b1', team: 'b', capacity: 5, presence: 'on-shift' as const },
    ],
  };
  it('sends new work to the overflow team once load ÷ capacity reaches the threshold', () => {
    const eng = new AssignmentEngine(roster, { random: rnd });
    const ds = [1, 2, 3, 4, 5].map((k) => eng.decide(ticket({ id: `o${k}`, team: 'a' }), k));
    // saturation before each: 0, .25, .5, .75 → overflow, still .75 → overflow
    expect(ds.map((d) => [d.kind, d.team, d.engineerId])).toEqual([
      ['assign', 'a', 'a1'], ['assign', 'a', 'a2'], ['assign', 'a', 'a1'],
      ['overflow', 'b', 'b1'], ['overflow', 'b', 'b1'],
    ]);
    expect(ds[3].reason).toMatch(/^a saturated \(0\.75 ≥ 0\.75\): overflow to b; b1/);
    expect(eng.saturation('a')).toBe(0.75);
  });

  it('treats a team with nobody present as saturated', () => {
    const eng = new AssignmentEngine({ ...roster, engineers: roster.engineers.map((e) => (e.team === 'a' ? { ...e, presence: 'off' as const } : e)) }, { random: rnd });
    expect(eng.saturation('a')).toBe(Infinity);
    expect(eng.decide(ticket({ team: 'a' }), 0)).toMatchObject({ kind: 'overflow', team: 'b', engineerId: 'b1' });
  });
});

describe('AssignmentEngine: reassign and teams', () => {
  const roster = {
    teams: [{ id: 'desk' }, { id: 'l2' }],
    engineers: [
      { id: 'd1', team: 'desk', presence: 'on-shift' as const },
      { id: 'x1', team: 'l2', presence: 'on-shift' as const },
      { id: 'x2', team: 'l2', presence: 'on-shift' as const },
    ],
  };

  it('returns the moved incident first, then what its old assignee takes from the queue', () => {
    const eng = new AssignmentEngine(roster, { random: rnd });
    eng.decide(ticket({ id: 'a', team: 'desk' }), 0);
    eng.decide(ticket({ id: 'b', team: 'desk' }), 1);
    const ds = eng.reassign('a', { team: 'l2' }, 5, 'escalation level 2');
    expect(ds.map((d) => [d.incidentId, d.team, d.engineerId])).toEqual([['a', 'l2', 'x1'], ['b', 'desk', 'd1']]);
    expect(ds[0].reason).toMatch(/^reassigned \(escalation level 2\): x1/);
  });

  it('a named engineer gets it when present with room, else the team routes it', () => {
    const eng = new AssignmentEngine(roster, { random: rnd });
    eng.decide(ticket({ id: 'a', team: 'desk' }), 0);
    expect(eng.reassign('a', { team: 'l2', engineerId: 'x2' }, 1, 'named')[0]).toMatchObject({ engineerId: 'x2' });
    eng.setPresence('x2', 'away', 2);
    eng.decide(ticket({ id: 'b', team: 'desk' }), 2);
    const d = eng.reassign('b', { team: 'l2', engineerId: 'x2' }, 3, 'named')[0];
    expect(d.engineerId).toBe('x1');
    expect(d.reason).toContain('named x2 is away');
  });

  it('setTeams lets a surge helper take another team\'s queue, and back', () => {
    const eng = new AssignmentEngine(roster, { random: rnd });
    eng.decide(ticket({ id: 'a', team: 'desk' }), 0);
    eng.decide(ticket({ id: 'b', team: 'desk' }), 0);
    expect(eng.setTeams('x1', ['l2', 'desk'], 1).map((d) => [d.incidentId, d.engineerId])).toEqual([['b', 'x1']]);
    expect(eng.engineer('x1').teams).toEqual(['l2', 'desk']);
    expect(eng.setTeams('x1', ['l2'], 2)).toEqual([]);
    expect(eng.engineer('x1').incidents).toEqual(['b']);
    expect(who(eng.decide(ticket({ team: 'desk' }), 3))).toBe('queue:desk');
  });

  it('resolving a queued incident just removes it from the queue', () => {
    const eng = new AssignmentEngine(oneTeam([{ presence: 'off' }]), { random: rnd });
    eng.decide(ticket({ id: 'q' }), 0);
    expect(eng.resolve('q', 1)).toEqual([]);
    expect(eng.queueLength('t')).toBe(0);
    expect(eng.incident('q')).toBeUndefined();
  });
});

describe('AssignmentEngine: audit', () => {
  it('sends every decision, follow-ons included, to the audit sink', () => {
    const seen: Decision[] = [];
    const eng = new AssignmentEngine(oneTeam([{}]), { random: rnd, audit: (d) => seen.push(d) });
    const a = eng.decide(ticket({ id: 'a' }), 0);
    const b = eng.decide(ticket({ id: 'b' }), 1);
    const f = eng.resolve('a', 2);
    expect(seen).toEqual([a, b, ...f]);
    expect(JSON.parse(JSON.stringify(seen[2]))).toMatchObject({ at: 2, incidentId: 'b', kind: 'assign', engineerId: 'e1' });
  });

  it('lists at most 20 candidates but counts all eligible in the reason', () => {
    const eng = new AssignmentEngine(oneTeam(Array.from({ length: 30 }, () => ({}))), { random: rnd });
    const d = eng.decide(ticket(), 0);
    expect(d.candidates).toHaveLength(20);
    expect(d.reason).toContain('30 eligible of 30 in t');
  });

  it('bias audit flags an engineer above the share for a priority', () => {
    const eng = new AssignmentEngine(oneTeam([{ capacity: 9 }, { capacity: 9 }], { routing: { policy: 'round-robin' } }), { random: rnd });
    for (const p of ['P1', 'P3', 'P1', 'P3', 'P1']) eng.decide(ticket({ priority: p }), 0);
    expect(eng.biasAudit(0.6)).toEqual([
      { team: 't', engineerId: 'e1', priority: 'P1', assignments: 3, share: 1, flagged: true },
      { team: 't', engineerId: 'e2', priority: 'P3', assignments: 2, share: 1, flagged: true },
    ]);
  });
});

describe('AssignmentEngine: bad input', () => {
  const bad = (roster: object): string => {
    try {
      new AssignmentEngine(roster as never, { random: rnd, source: 'r.json' });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return (e as Error).message;
    }
    throw new Error('no error');
  };
  const team = [{ id: 't' }];
  it('names duplicate engineer ids', () =>
    expect(bad({ teams: team, engineers: [{ id: 'a', team: 't' }, { id: 'a', team: 't' }] })).toBe('r.json: engineers[1].id: "a" is used twice; engineer ids must be unique'));
  it('names unknown teams', () =>
    expect(bad({ teams: team, engineers: [{ id: 'a', team: 'x' }] })).toBe('r.json: engineers[0].team: unknown team "x"; expected one of t'));
  it('names negative capacity', () =>
    expect(bad({ teams: team, engineers: [{ id: 'a', team: 't', capacity: -1 }] })).toBe('r.json: engineers[0].capacity: -1 is negative; expected a number ≥ 0'));
  it('names bad presence and skills', () => {
    expect(bad({ teams: team, engineers: [{ id: 'a', team: 't', presence: 'asleep' }] })).toMatch(/^r\.json: engineers\[0\]\.presence: "asleep" is not one of on-shift/);
    expect(bad({ teams: team, engineers: [{ id: 'a', team: 't', skills: { db: 7 } }] })).toBe('r.json: engineers[0].skills.db: 7 is not a proficiency 1–5');
  });
  it('names unknown policies and options', () => {
    expect(bad({ teams: [{ id: 't', routing: { policy: 'magic' } }], engineers: [] })).toMatch(/^r\.json: teams\[0\]\.routing\.policy: unknown routing policy "magic"; expected one of round-robin, /);
    expect(bad({ teams: [{ id: 't', routing: { policy: 'least-loaded', options: { unit: 'kg' } } }], engineers: [] })).toBe('r.json: teams[0].routing.options.unit: "kg" is not one of roster, count, effort, severity');
    expect(bad({ teams: team, engineers: [], defaultRouting: { policy: 'random', options: { seed: 1 } } })).toBe('r.json: defaultRouting.options.seed: unknown option of routing policy "random"; expected no options');
  });
  it('names unknown fallback and overflow teams', () => {
    expect(bad({ teams: [{ id: 't', fallback: { kind: 'team', team: 'z' } }], engineers: [] })).toBe('r.json: teams[0].fallback.team: unknown team "z"; expected one of t');
    expect(bad({ teams: [{ id: 't', overflow: { team: 't', saturation: 1 } }], engineers: [] })).toBe('r.json: teams[0].overflow.team: "t" cannot overflow to itself');
  });
  it('rejects unknown engineers, teams and incidents in calls', () => {
    const eng = new AssignmentEngine(oneTeam([{}]), { random: rnd });
    expect(() => eng.setPresence('nobody', 'off', 0)).toThrow('setPresence: unknown engineer "nobody"');
    expect(() => eng.decide(ticket({ id: 'k', team: 'zz' }), 0)).toThrow('ticket k: unknown team "zz"; expected one of t');
    expect(() => eng.resolve('never', 0)).toThrow('incident "never": not open in the engine');
    eng.decide(ticket({ id: 'dup' }), 0);
    expect(() => eng.decide(ticket({ id: 'dup' }), 0)).toThrow('ticket dup: id is already open');
    expect(() => eng.acknowledge('dup', 'e2', 0)).toThrow('incident dup: acknowledged by e2 but assigned to e1');
  });
});

describe('AssignmentEngine: overflow needs someone able in the overflow team', () => {
  it('keeps saturated work home when the overflow team lacks the skill, and says why', () => {
    const eng = new AssignmentEngine({
      teams: [{ id: 'a', overflow: { team: 'b', saturation: 0.5 } }, { id: 'b' }],
      engineers: [
        { id: 'a1', team: 'a', presence: 'on-shift', skills: { db: 3 } },
        { id: 'a2', team: 'a', presence: 'on-shift', skills: { db: 3 } },
        { id: 'b1', team: 'b', presence: 'on-shift' },
      ],
    }, { random: rnd });
    eng.decide(ticket({ team: 'a', skills: ['db'] }), 0);
    const d = eng.decide(ticket({ team: 'a', skills: ['db'] }), 1);
    expect(d).toMatchObject({ kind: 'assign', team: 'a', engineerId: 'a2' });
    expect(d.reason).toMatch(/^a saturated \(0\.5 ≥ 0\.5\) but nobody eligible in overflow team b; a2/);
  });
});
