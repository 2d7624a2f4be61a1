/**
 * Issue 20, through the simulator, by exact traces: named on-call layers (a secondary paged by an
 * escalation level), notification chains that fail over (push → SMS → phone), a start from
 * today's backlog, staffing that changes, and the escalation bugs found (war-room roles, an
 * off-duty ring member, the end of a chain). Round 2 of a tiered chain is in
 * test/policies/escalation/simulated.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { runReplication, type ReplicationOptions, type TraceEvent } from '../../src/sim/lifecycle/index.js';
import { computeReplicationMetrics } from '../../src/metrics/index.js';
import { metricOptions } from '../../src/sim/run.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { tinyScenario } from './helpers.js';

/** "t type incident who detail" lines of the chosen event types. */
function lines(trace: TraceEvent[], types: string[]): string[] {
  return trace.filter((e) => types.includes(e.type)).map((e) => [e.t, e.type, e.incident, e.engineer ?? e.team, e.detail].filter((x) => x !== undefined && x !== '').join(' '));
}

function run(s: Scenario, opt: Partial<ReplicationOptions> = {}) {
  const trace: TraceEvent[] = [];
  const model = buildModel(s);
  const out = runReplication(model, { index: 0, noArrivals: true, trace: (e) => trace.push(e), ...opt });
  return { out, trace, model };
}

const PAGING = ['paged', 'ack-timeout', 'skipped', 'acknowledged', 'chain-ended', 'lost', 'delivered', 'fallback', 'resolved', 'escalated'];

describe('named on-call layers', () => {
  // ops: ann, bob, cy. Primary: ann all week; secondary: bob all week. Nobody on shift.
  const scenario = tinyScenario({
    teams: [{
      id: 'ops', tier: 1, engineers: [{ id: 'ann' }, { id: 'bob' }, { id: 'cy' }],
      oncall: { layers: [{ name: 'primary', rotation: 'weekly', participants: ['ann'] }, { name: 'secondary', rotation: 'weekly', participants: ['bob'] }] },
    }],
    arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '30m' }] }],
    escalation: { policy: 'tiered', options: { ackTimeout: '15m', levels: ['assignee', 'oncall:ops/secondary'] } },
  } as Partial<Scenario>);

  it('routing sees only the primary; the secondary is on standby and paged by the level that names the layer', () => {
    const { trace, out } = run(scenario, { script: [{ id: 'A', at: 60, class: 'alert' }], silent: new Set(['ann']), fixedAckDelay: 4 });
    expect(trace.filter((e) => e.type === 'presence' && e.t === 0)).toEqual([]);
    expect(lines(trace, ['assigned', ...PAGING])).toEqual([
      expect.stringMatching(/^60 assigned A ann/),
      '60 paged A ann level 1, round 1',
      '75 ack-timeout A ann level 1',
      '75 escalated A ops/secondary (bob) functional level 1: no acknowledgement within 15 min at level 1',
      expect.stringMatching(/^75 assigned A bob reassigned \(escalation level 2\) by name/),
      '75 paged A bob level 2, round 1',
      '79 acknowledged A bob',
      '109 resolved A bob',
    ]);
    expect(out.violations).toEqual([]);
    // cy is on no layer: off; bob on standby
    expect(out.engineers.find((e) => e.id === 'cy')!.availableMinutes).toBe(0);
  });

  it('a layer with nobody on call is skipped, saying so', () => {
    const s = structuredClone(scenario);
    s.teams[0].oncall!.layers[1].restrictions = { days: 'sat,sun' };
    const { trace } = run(s, { script: [{ id: 'A', at: 60, class: 'alert' }], silent: new Set(['ann']), fixedAckDelay: 4 });
    expect(lines(trace, PAGING)).toEqual([
      '60 paged A ann level 1, round 1',
      '75 ack-timeout A ann level 1',
      '75 skipped A level 2: nobody on call in ops/secondary; next target',
      '75 chain-ended A nobody acknowledged after 1 round of 2 levels; nobody is told, so it waits in the ops queue for the next engineer with room',
    ]);
  });

  it('validation names an unknown layer', () => {
    const s = structuredClone(scenario);
    s.escalation!.options!.levels = ['assignee', 'oncall:ops/tertiary'];
    expect(() => buildModel(s)).toThrow('escalation.options.levels[1]: "oncall:ops/tertiary": team ops has no on-call layer "tertiary" (its layers: primary, secondary)');
  });
});

describe('notification channels', () => {
  // ann and bob both on call (no shifts); pages go push (loss 1 for ann: always lost) → SMS after 3 min → phone after 3 more.
  const scenario = tinyScenario({
    warmup: 0,
    teams: [{
      id: 'ops', tier: 1, paging: true, engineers: [
        { id: 'ann', channels: [{ kind: 'push', delay: '20s', loss: 1, wait: '3m' }, { kind: 'sms', delay: '30s', wait: '3m' }, { kind: 'phone', delay: '30s' }] },
      ],
      channels: [{ kind: 'push', delay: '10s', wait: '5m' }, { kind: 'phone', delay: '30s' }],
    }],
    arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '30m' }] }],
    escalation: { policy: 'tiered', options: { ackTimeout: '15m' } },
  } as Partial<Scenario>);

  it('a lost push falls back to SMS after its wait; the SMS is delivered and answered', () => {
    const { trace, out, model } = run(scenario, { script: [{ id: 'A', at: 10, class: 'alert' }], fixedAckDelay: 2 });
    expect(lines(trace, PAGING)).toEqual([
      '10 paged A ann level 1, round 1',
      '10 lost A ann push never delivered',
      '13 fallback A ann no acknowledgement 3 min after the page by push: sms',
      '13.5 delivered A ann sms (fallback), 3.5 min after the page',
      '15.5 acknowledged A ann',
      '45.5 resolved A ann',
    ]);
    const m = computeReplicationMetrics(out, metricOptions(model));
    expect(m.kpis).toMatchObject({ pagesLost: 1, fallbackDeliveries: 1, timeToReachMinutes: 3.5 });
  });

  it('a slow responder is reached again by the next channel; the first acknowledgement wins; silent people never answer', () => {
    const { trace } = run(scenario, { script: [{ id: 'A', at: 10, class: 'alert' }], fixedAckDelay: 4, silent: new Set(['ann']) });
    expect(lines(trace, PAGING)).toEqual([
      '10 paged A ann level 1, round 1',
      '10 lost A ann push never delivered',
      '13 fallback A ann no acknowledgement 3 min after the page by push: sms',
      '13.5 delivered A ann sms (fallback), 3.5 min after the page',
      '16 fallback A ann no acknowledgement 6 min after the page by sms: phone',
      '16.5 delivered A ann phone (fallback), 6.5 min after the page',
      '25 ack-timeout A ann level 1',
      '25 chain-ended A nobody acknowledged after 1 round of 1 level; nobody is told, so it waits in the ops queue for the next engineer with room',
    ]);
  });

  it('a chain without wait on a fallback channel, or with wait on its last, is refused naming the field', () => {
    const s = structuredClone(scenario);
    s.teams[0].channels = [{ kind: 'push' }, { kind: 'phone' }];
    expect(() => buildModel(s)).toThrow('teams[0].channels[0].wait: missing; expected how long to wait for an acknowledgement before falling back to phone (e.g. 5m)');
    s.teams[0].channels = [{ kind: 'push', wait: '5m' }, { kind: 'phone', wait: '5m' }];
    expect(() => buildModel(s)).toThrow('teams[0].channels[1].wait: "5m" on the last channel of the chain; there is nothing to fall back to');
  });
});

describe('escalation bugs (issue 20)', () => {
  it('war-room roles go to distinct people when the roster has them', () => {
    const s = tinyScenario({
      teams: [
        { id: 'desk', tier: 1, engineers: [{ id: 'lead-1', roles: ['commander', 'communications'] }, { id: 'lead-2', roles: ['commander', 'communications'] }, { id: 'agent' }] },
        { id: 'platform', tier: 2, engineers: [{ id: 'tech', roles: ['technical'] }] },
      ],
      arrivals: [{ class: 'outage', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'desk', work: '1h' }] }],
      majorIncident: { roles: { commander: 1, communications: 1, technical: 1 } },
    } as Partial<Scenario>);
    const { trace } = run(s, { script: [{ id: 'M', at: 5, class: 'outage' }] });
    // the incident goes to lead-1 (least loaded, first); the room takes lead-2 as commander: then
    // nobody else holds communications, so lead-2 also takes it and the trace says so
    expect(lines(trace, ['assigned', 'war-room-opened'])).toEqual([
      expect.stringMatching(/^5 assigned M lead-1/),
      '5 war-room-opened M commander lead-2, communications also lead-2 (nobody else free), technical tech',
    ]);
    s.teams[0].engineers = [{ id: 'agent' }, { id: 'lead-1', roles: ['commander', 'communications'] }, { id: 'lead-2', roles: ['commander', 'communications'] }];
    // with the agent taking the incident, the two leads split the roles (it was lead-1 for both)
    expect(lines(run(s, { script: [{ id: 'M', at: 5, class: 'outage' }] }).trace, ['war-room-opened'])).toEqual([
      '5 war-room-opened M commander lead-1, communications lead-2, technical tech',
    ]);
  });

  it('an off-duty named ring member is skipped: the next target is paged, not the silent primary again', () => {
    const s = tinyScenario({
      teams: [
        { id: 'ops', tier: 1, paging: true, engineers: [{ id: 'olga' }, { id: 'ann', vacations: [{ from: '2026-11-23', to: '2026-11-24' }] }, { id: 'bob' }] },
      ],
      arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '30m' }] }],
      routing: { policy: 'round-robin' },
      escalation: { policy: 'tiered', options: { ackTimeout: '15m', levels: ['assignee', { page: ['engineer:ann', 'engineer:bob'], timeout: '10m' }] } },
    } as Partial<Scenario>);
    const { trace } = run(s, { script: [{ id: 'A', at: 0, class: 'alert' }], silent: new Set(['olga']), fixedAckDelay: 5 });
    // (before: ann on vacation was "routed in ops", i.e. back to olga, who never answers)
    expect(lines(trace, ['assigned', ...PAGING]).map((l) => l.replace(/(assigned A \S+) .*/, '$1'))).toEqual([
      '0 assigned A olga',
      '0 paged A olga level 1, round 1',
      '15 ack-timeout A olga level 1',
      '15 skipped A level 2: ann is vacation; next target',
      '15 escalated A bob functional level 1: no acknowledgement within 15 min at level 1',
      '15 assigned A bob',
      '15 paged A bob level 2, round 1',
      '20 acknowledged A bob',
      '50 resolved A bob',
    ]);
  });

  it('after chain-ended the P1 is handed to the notified manager when they are in the scenario', () => {
    const s = tinyScenario({
      teams: [
        { id: 'ops', tier: 1, paging: true, engineers: [{ id: 'olga' }] },
        { id: 'management', tier: 2, engineers: [{ id: 'morgan' }] },
      ],
      arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '30m' }] }],
      escalation: { policy: 'tiered', options: { ackTimeout: '15m', final: { notify: 'morgan' } } },
    } as Partial<Scenario>);
    const { trace, out } = run(s, { script: [{ id: 'A', at: 0, class: 'alert' }], silent: new Set(['olga']) });
    // (before: released back to the ops queue, where nobody frees capacity: queued for ever while morgan sat idle)
    expect(lines(trace, ['assigned', 'queued', 'notified', ...PAGING]).map((l) => l.replace(/(assigned A \S+) .*/, '$1'))).toEqual([
      '0 assigned A olga',
      '0 paged A olga level 1, round 1',
      '15 ack-timeout A olga level 1',
      '15 chain-ended A nobody acknowledged after 1 round of 1 level; handed to morgan, who is told',
      '15 notified A morgan hierarchical level 1: nobody acknowledged after 1 round of 1 level',
      '15 assigned A morgan',
      '15 acknowledged A morgan',
      '45 resolved A morgan',
    ]);
    expect(out.incidents[0]).toMatchObject({ resolvedBy: 'morgan', firstAckAt: 15 });
  });
});

describe('staffing that changes', () => {
  it('an engineer is off before `from` and after `until`; a new joiner works at the ramp factor', () => {
    const s = tinyScenario({
      horizon: '4d',
      teams: [{ id: 'desk', tier: 1, engineers: [
        { id: 'old', until: '2026-11-23' },
        { id: 'new', from: '2026-11-24', ramp: { duration: '2d', factor: 0.5 } },
      ] }],
      arrivals: [{ class: 'generic', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '1h' }] }],
    } as Partial<Scenario>);
    const { trace } = run(s, { script: [{ id: 'A', at: 60, class: 'generic' }, { id: 'B', at: 1500, class: 'generic' }, { id: 'C', at: 4400, class: 'generic' }] });
    expect(lines(trace, ['presence', 'assigned', 'queued', 'resolved']).map((l) => l.replace(/(assigned \S+ \S+|queued \S+ \S+) .*/, '$1'))).toEqual([
      '60 assigned A old',
      '120 resolved A old',
      '1440 presence old off',
      '1440 presence new on-shift',
      '1500 assigned B new',
      // day 1 of a 2-day ramp from 0.5: speed 0.5 + 0.5 × 60/2880 when work starts → 1 h of work takes 117.6 min
      `${1500 + 60 / (0.5 + (0.5 * 60) / 2880)} resolved B new`,
      '4400 assigned C new',
      '4460 resolved C new', // the ramp is over: full speed
    ]);
  });
});

describe("starting from today's backlog", () => {
  // desk: ann and bob, office hours Mon–Fri 08:00–18:00 UTC; the run starts Monday 08:00.
  const base = tinyScenario({
    start: '2026-11-23T08:00:00Z',
    calendars: { office: { hours: { 'mon-fri': '08:00-18:00' } } },
    priorities: {
      matrix: { high: { high: 'P1', medium: 'P2', low: 'P3' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P3', medium: 'P4', low: 'P4' } },
      sla: { P3: { respond: '4h', resolve: '10h', calendar: 'office', target: 0.9 } },
    },
    teams: [{ id: 'desk', tier: 1, engineers: [{ id: 'ann' }, { id: 'bob' }], schedule: { shifts: [{ days: 'mon-fri', hours: '08:00-18:00' }] } }],
    arrivals: [{ class: 'generic', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '1h' }] }],
    backlog: { tickets: [
      // opened Friday 16:00: 2 office hours before the start, 64 h of real age; with bob
      { id: 'OLD-1', openedAt: '2026-11-20T16:00:00Z', priority: 'P3', team: 'desk', assignee: 'bob', acknowledgedAt: '2026-11-20T16:30:00Z' },
      // opened Thursday 08:00, paused 5 h: 20 office hours so far, 15 after the pause
      { id: 'OLD-2', openedAt: '2026-11-19T08:00:00Z', priority: 'P3', team: 'desk', pausedMinutes: 300 },
    ] },
  } as Partial<Scenario>);

  it('tickets are open at minute 0 with their real ages, with their assignee, SLA clocks already running and pauses carried', () => {
    const records: import('../../src/sim/records.js').IncidentRecord[] = [];
    const { trace } = run(base, { onIncident: (r) => records.push(r) });
    expect(lines(trace, ['seeded', 'assigned', 'paged', 'acknowledged', 'resolved']).map((l) => l.replace(/(assigned \S+ \S+) .*/, '$1'))).toEqual([
      '0 seeded OLD-1 desk generic P3, open 3840 min, with bob',
      '0 assigned OLD-1 bob',
      '0 acknowledged OLD-1 bob',
      '0 seeded OLD-2 desk generic P3, open 5760 min',
      '0 assigned OLD-2 ann',
      '0 acknowledged OLD-2 ann',
      '60 resolved OLD-1 bob',
      '60 resolved OLD-2 ann',
    ]);
    const [one, two] = [records.find((r) => r.id === 'OLD-1')!, records.find((r) => r.id === 'OLD-2')!];
    expect(one).toMatchObject({ seeded: true, warmup: false, openedAt: -3840, firstAckAt: -3810, resolvedAt: 60 });
    // office minutes: Fri 16:00–18:00 (120) + Mon 08:00–09:00 (60)
    expect(one.resolveSlaMinutes).toBe(180);
    expect(one.respondSlaMinutes).toBe(30);
    // Thu 08–18 (600) + Fri 08–18 (600) + Mon 08–09 (60) − 300 paused
    expect(two.resolveSlaMinutes).toBe(960);
    expect(two.pausedMinutes).toBe(300);
  });

  it('an assignee who is not at work leaves the ticket to be routed in its team', () => {
    const s = structuredClone(base);
    s.teams[0].engineers = [{ id: 'ann' }, { id: 'bob', vacations: [{ from: '2026-11-23', to: '2026-11-23' }] }];
    const { trace } = run(s);
    expect(lines(trace, ['assigned']).slice(0, 1)).toEqual([expect.stringContaining('0 assigned OLD-1 ann its assignee bob is vacation, so routed in desk')]);
  });

  it('a bad ticket is refused naming it', () => {
    const s = structuredClone(base);
    s.backlog!.tickets[1].team = 'nope';
    expect(() => buildModel(s)).toThrow('backlog.tickets[1].team: unknown team "nope"; expected one of desk');
    s.backlog!.tickets[1].team = 'desk';
    s.backlog!.tickets[1].openedAt = '2026-11-24T00:00:00Z';
    expect(() => buildModel(s)).toThrow('backlog.tickets[1].openedAt: "2026-11-24T00:00:00Z" is after the scenario start');
  });
});
