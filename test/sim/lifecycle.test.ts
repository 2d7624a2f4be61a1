import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { runReplication, type TraceEvent } from '../../src/sim/lifecycle/index.js';
import { lines, tinyScenario } from './helpers.js';

function run(scenario: ReturnType<typeof tinyScenario>, script: { id: string; at: number; class: string; priority?: string }[], extra = {}) {
  const trace: TraceEvent[] = [];
  const out = runReplication(buildModel(scenario), { index: 0, script, noArrivals: true, trace: (e) => trace.push(e), ...extra });
  return { out, trace };
}

const MAIN = ['arrived', 'assigned', 'paged', 'acknowledged', 'work-started', 'rerouted', 'escalated', 'notified', 'resolved', 'auto-remediated', 'queued', 'ack-timeout', 'chain-ended'];

describe('incident lifecycle', () => {
  it('queued help-desk work: acknowledgement is the moment work starts, FIFO behind a busy engineer', () => {
    const { out, trace } = run(tinyScenario(), [
      { id: 'A', at: 10, class: 'generic' },
      { id: 'B', at: 20, class: 'generic' },
    ]);
    expect(lines(trace, ['arrived', 'queued', 'assigned', 'acknowledged', 'resolved'])).toEqual([
      '10 arrived A', '10 assigned A desk-01', '10 acknowledged A desk-01', '20 arrived B', '20 queued B desk',
      '40 resolved A desk-01', '40 assigned B desk-01', '40 acknowledged B desk-01', '70 resolved B desk-01',
    ]);
    const b = out.incidents.find((r) => r.id === 'B')!;
    expect(b.firstAckAt! - b.openedAt).toBe(20);
    expect(b.resolvedAt! - b.openedAt).toBe(50);
    expect(b.reassignments).toBe(0);
  });

  it('a misroute is found after the detection delay, rerouted, and counted as a reassignment', () => {
    const s = tinyScenario({
      teams: [
        { id: 'desk', tier: 1, engineers: { count: 1 } },
        { id: 'network', tier: 1, engineers: { count: 1 } },
      ],
      arrivals: [{ class: 'net', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'network', work: '30m' }], misroute: { probability: 1, to: 'desk', detectAfter: '10m' } }],
    });
    const { out, trace } = run(s, [{ id: 'N', at: 0, class: 'net' }]);
    expect(lines(trace, MAIN)).toEqual([
      '0 arrived N', '0 assigned N desk-01', '0 acknowledged N desk-01', '0 work-started N desk-01',
      '10 rerouted N network', '10 assigned N network-01', '10 acknowledged N network-01', '10 work-started N network-01',
      '40 resolved N network-01',
    ]);
    const r = out.incidents[0];
    expect(r).toMatchObject({ misrouted: true, reassignments: 1, firstTeam: 'desk', team: 'network', resolvedBy: 'network-01', escalations: [] });
  });

  it('with misroute.repeat it is passed on between wrong teams of the tier before reaching its own: one reassignment per move', () => {
    const s = tinyScenario({
      teams: [
        { id: 'desk', tier: 1, engineers: { count: 1 } },
        { id: 'network', tier: 1, engineers: { count: 1 } },
        { id: 'apps', tier: 1, engineers: { count: 1 } },
        { id: 'dba', tier: 2, engineers: { count: 1 } },
      ],
      // one further hop: from desk, the only other tier-1 team that is neither network nor desk is apps
      arrivals: [{ class: 'net', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'network', work: '30m' }], misroute: { probability: 1, to: 'desk', detectAfter: '10m', repeat: '1' } }],
    });
    const { out, trace } = run(s, [{ id: 'N', at: 0, class: 'net' }]);
    expect(lines(trace, ['arrived', 'assigned', 'rerouted', 'resolved'])).toEqual([
      '0 arrived N', '0 assigned N desk-01', '10 rerouted N apps', '10 assigned N apps-01',
      '20 rerouted N network', '20 assigned N network-01', '50 resolved N network-01',
    ]);
    expect(out.incidents[0]).toMatchObject({ misrouted: true, reassignments: 2, firstTeam: 'desk', team: 'network', escalations: [] });
  });

  it('misroute.repeat draws the number of further wrong teams: mean reassignments = probability × (1 + mean repeat)', () => {
    const teams = ['a', 'b', 'c', 'd'].map((id) => ({ id, tier: 1, engineers: { count: 50 } }));
    const s = tinyScenario({
      teams,
      arrivals: [{ class: 'x', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'a', work: '30m' }], misroute: { probability: 0.4, detectAfter: '1m', repeat: 'geometric(mean=1.5)' } }],
    });
    const n = 4000;
    const script = Array.from({ length: n }, (_, k) => ({ id: `I${k}`, at: k / 4, class: 'x' }));
    const out = runReplication(buildModel(s), { index: 0, script, noArrivals: true });
    expect(out.incidents).toHaveLength(n);
    const r = out.incidents.map((i) => i.reassignments);
    const mean = r.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    // 0.4 × (1 + 1.5) = 1.0; 99% interval of the sample mean
    expect(Math.abs(mean - 1.0)).toBeLessThan(2.576 * sd / Math.sqrt(n));
    // never handed straight back to the team it came from
    expect(out.incidents.every((i) => i.team === 'a' && i.resolvedAt !== undefined)).toBe(true);
  });

  it('without misroute.to the first wrong team is drawn among the other teams of the tier, evenly', () => {
    const teams = ['a', 'b', 'c', 'd'].map((id) => ({ id, tier: 1, engineers: { count: 50 } }));
    const s = tinyScenario({
      teams: [...teams, { id: 'l2', tier: 2, engineers: { count: 5 } }],
      arrivals: [{ class: 'x', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'a', work: '30m' }], misroute: { probability: 1, detectAfter: '1m' } }],
    });
    const n = 3000;
    const script = Array.from({ length: n }, (_, k) => ({ id: `I${k}`, at: k / 4, class: 'x' }));
    const out = runReplication(buildModel(s), { index: 0, script, noArrivals: true });
    const first = new Map<string, number>();
    for (const i of out.incidents) first.set(i.firstTeam, (first.get(i.firstTeam) ?? 0) + 1);
    expect([...first.keys()].sort()).toEqual(['b', 'c', 'd']);
    // each share 1/3 within its 99.9% binomial interval
    for (const k of first.values()) expect(Math.abs(k / n - 1 / 3)).toBeLessThan(3.29 * Math.sqrt((1 / 3) * (2 / 3) / n));
  });

  it('an edf queue serves the earliest resolution deadline first, whatever the priority', () => {
    const s = tinyScenario({
      priorities: {
        matrix: { high: { high: 'P1', medium: 'P2', low: 'P3' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P3', medium: 'P4', low: 'P4' } },
        sla: { P1: { resolve: '4h' }, P3: { resolve: '1h' } },
      },
      teams: [{ id: 'desk', tier: 1, engineers: { count: 1 }, queue: 'edf' }],
    });
    // A keeps the only engineer busy until 30; B (P1, due 245) waits, then C (P3, due 70) jumps it.
    const { trace } = run(s, [
      { id: 'A', at: 0, class: 'generic' },
      { id: 'B', at: 5, class: 'generic', priority: 'P1' },
      { id: 'C', at: 10, class: 'generic', priority: 'P3' },
    ]);
    expect(lines(trace, ['assigned'])).toEqual(['0 assigned A desk-01', '30 assigned C desk-01', '60 assigned B desk-01']);
  });

  it('an auto-remediated incident is resolved without a human and never acknowledged', () => {
    const s = tinyScenario({
      arrivals: [{ class: 'disk', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }], autoRemediate: { probability: 1, after: '5m' } }],
    });
    const { out, trace } = run(s, [{ id: 'D', at: 60, class: 'disk' }]);
    expect(lines(trace, MAIN)).toEqual(['60 arrived D', '65 auto-remediated D', '65 resolved D desk']);
    // resolved in the custody of its first team, by nobody
    const r = out.incidents[0];
    expect(r).toMatchObject({ autoRemediated: true, resolvedAt: 65, team: 'desk' });
    expect([r.resolvedBy, r.firstAckAt, r.firstAssignedAt]).toEqual([undefined, undefined, undefined]);
  });

  it('a paged responder acknowledges slower at night (local time of the engineer)', () => {
    const s = tinyScenario({
      teams: [{ id: 'ops', tier: 1, paging: true, timezone: 'Europe/Berlin', engineers: { count: 1 }, ackDelay: { day: '2m', night: '20m', nightHours: '22:00-08:00' } }],
      arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '10m' }] }],
    });
    // 22:30 UTC is 23:30 in Berlin (night); 09:00 UTC is 10:00 (day).
    const { out } = run(s, [{ id: 'NIGHT', at: 22 * 60 + 30, class: 'alert' }, { id: 'DAY', at: 24 * 60 + 9 * 60, class: 'alert' }]);
    const byId = Object.fromEntries(out.incidents.map((r) => [r.id, r]));
    expect(byId.NIGHT.firstAckAt! - byId.NIGHT.openedAt).toBe(20);
    expect(byId.DAY.firstAckAt! - byId.DAY.openedAt).toBe(2);
  });

  it('a class that L1 cannot resolve is escalated functionally to the next step, with the hand-off cost', () => {
    const s = tinyScenario({
      teams: [
        { id: 'desk', tier: 1, engineers: { count: 1 } },
        { id: 'l2', tier: 2, engineers: { count: 1 }, handoff: { delay: '5m', rework: 0.5 } },
      ],
      arrivals: [{ class: 'hard', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '20m', resolves: 0 }, { team: 'l2', work: '60m' }] }],
    });
    const { out, trace } = run(s, [{ id: 'H', at: 0, class: 'hard' }]);
    // L2's work = 60 + 5 (context transfer) + 0.5 × 20 (rework of L1's part) = 75 minutes.
    expect(lines(trace, ['escalated', 'resolved'])).toEqual(['20 escalated H l2', '95 resolved H l2-01']);
    expect(out.incidents[0].escalations).toMatchObject([{ at: 20, kind: 'functional', level: 1, to: 'l2' }]);
    expect(out.incidents[0].reassignments).toBe(1);
  });

  it('conservation: every incident is resolved or reported open at the horizon', () => {
    const s = tinyScenario({ horizon: '50m' });
    const { out } = run(s, [0, 5, 10, 15].map((at, i) => ({ id: `X${i}`, at, class: 'generic' })));
    expect(out.incidents).toHaveLength(4);
    expect(out.incidents.filter((r) => r.resolvedAt !== undefined).map((r) => r.id)).toEqual(['X0']);
  });
});
