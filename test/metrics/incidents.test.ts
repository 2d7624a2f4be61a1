/** Incident figures on hand-made records: every number below is computed by hand. */
import { describe, expect, it } from 'vitest';
import { IncidentAccumulator } from '../../src/metrics/incidents.js';
import type { IncidentRecord } from '../../src/sim/records.js';

function rec(over: Partial<IncidentRecord> & Pick<IncidentRecord, 'id' | 'openedAt'>): IncidentRecord {
  return {
    class: 'c', priority: 'P3', firstTeam: 'desk', team: 'desk', reassignments: 0, escalations: [], misrouted: false,
    autoRemediated: false, major: false, pausedMinutes: 0, effortMinutes: 0, warmup: false, ...over,
  };
}

const targets = { P1: { respond: 15, resolve: 240, calendar: '24x7' }, P3: { respond: 60, resolve: 480, calendar: '24x7' } };

function figures(records: IncidentRecord[], horizon = 10_000) {
  const acc = new IncidentAccumulator(targets, horizon);
  for (const r of records) acc.add(r);
  return acc.result();
}

describe('incident figures', () => {
  const records = [
    // P1: acknowledged after 10, resolved after 200 (both within target), escalated functionally at +30
    rec({ id: 'A', priority: 'P1', openedAt: 100, firstAckAt: 110, resolvedAt: 300, respondSlaMinutes: 10, resolveSlaMinutes: 200,
      escalations: [{ at: 130, kind: 'functional', level: 1, to: 'net', reason: '' }], team: 'net', reassignments: 1 }),
    // P1: acknowledged after 20 (respond missed), resolved after 100
    rec({ id: 'B', priority: 'P1', openedAt: 200, firstAckAt: 220, resolvedAt: 300, respondSlaMinutes: 20, resolveSlaMinutes: 100 }),
    // P3: acknowledged after 30, resolved after 600 (resolve missed), notified management at +500
    rec({ id: 'C', openedAt: 1000, firstAckAt: 1030, resolvedAt: 1600, respondSlaMinutes: 30, resolveSlaMinutes: 600,
      escalations: [{ at: 1500, kind: 'hierarchical', level: 1, to: 'duty-manager', reason: '' }] }),
    // P3: still open at the horizon, never acknowledged, 9,000 min old on its calendar: both targets already missed
    rec({ id: 'D', openedAt: 1000, resolveSlaMinutes: 9000 }),
    // warm-up arrival: not counted, but it is the oldest open incident
    rec({ id: 'W', openedAt: 0, warmup: true }),
  ];
  const f = figures(records);

  it('counts arrivals after the warm-up, resolved, and open at the horizon', () => {
    expect(f.kpis).toMatchObject({ arrivals: 4, resolved: 3, openAtHorizon: 1 });
    expect(f.counted).toBe(4);
    expect(f.oldestOpenAge).toBe(10_000);
  });

  it('MTTA over acknowledged incidents, MTTR over resolved ones', () => {
    expect(f.kpis.mtta).toBe((10 + 20 + 30) / 3);
    expect(f.kpis.mttaMedian).toBe(20);
    expect(f.kpis.mttr).toBe((200 + 100 + 600) / 3);
    expect(f.kpis.mttrMedian).toBe(200);
  });

  it('SLA attainment per target and overall, counting an open incident once it is past its target', () => {
    // respond: A met, B missed, C met, D missed → 2/4; resolve: A met, B met, C missed, D missed → 2/4
    expect(f.kpis.slaRespondAttainment).toBe(0.5);
    expect(f.kpis.slaResolveAttainment).toBe(0.5);
    // both met: A only → 1/4
    expect(f.kpis.slaAttainment).toBe(0.25);
    expect(f.byPriority.P1).toMatchObject({ arrivals: 2, slaRespondAttainment: 0.5, slaResolveAttainment: 1 });
  });

  it('MTTE over escalated incidents, per level, and escalation and reassignment densities per incident', () => {
    expect(f.kpis.mtte).toBe((30 + 500) / 2);
    expect(f.mtteByLevel).toEqual({ 'functional:1': 30, 'hierarchical:1': 500 });
    expect(f.kpis.escalationDensity).toBe(2 / 4);
    expect(f.kpis.functionalEscalationDensity).toBe(1 / 4);
    expect(f.kpis.reassignmentRate).toBe(1 / 4);
  });

  it('splits by the team holding the incident at the end', () => {
    expect(Object.keys(f.byTeam)).toEqual(['desk', 'net']);
    expect(f.byTeam.net).toMatchObject({ arrivals: 1, mtta: 10 });
  });

  it('leaves undecidable SLA outcomes out: open but not yet late, or auto-remediated (no response)', () => {
    const g = figures([
      rec({ id: 'E', openedAt: 9_990, resolveSlaMinutes: 10 }),
      rec({ id: 'F', openedAt: 0, resolvedAt: 5, resolveSlaMinutes: 5, autoRemediated: true }),
    ]);
    expect(g.kpis.slaRespondAttainment).toBeUndefined();
    expect(g.kpis.slaResolveAttainment).toBe(1);
    expect(g.kpis.mtta).toBeUndefined();
  });
});

describe('first response', () => {
  it('is the acknowledgement, or the first work when there was none: the median over both, per group', () => {
    const f = figures([
      rec({ id: 'A', openedAt: 0, firstAckAt: 10, firstWorkAt: 12, resolvedAt: 50 }),
      rec({ id: 'B', openedAt: 0, firstAckAt: 30, resolvedAt: 50, team: 'net' }),
      // responded by work, never acknowledged (after others were: the first response is kept apart from then on)
      rec({ id: 'C', openedAt: 100, firstWorkAt: 102, resolvedAt: 150 }),
      rec({ id: 'D', openedAt: 100, firstWorkAt: 190, resolvedAt: 250, team: 'net' }),
      rec({ id: 'E', openedAt: 100, firstAckAt: 104, resolvedAt: 250 }),
      // neither: no response
      rec({ id: 'F', openedAt: 100 }),
    ]);
    // acknowledged: 10, 30, 4 → median 10; first responses: 10, 30, 2, 90, 4 → median 10
    expect(f.kpis).toMatchObject({ mttaMedian: 10, firstResponseMedian: 10 });
    // desk: acknowledged 10, 4 → 7; responses 10, 2, 4 → 4. net: acknowledged 30; responses 30, 90 → 60
    expect(f.byTeam.desk).toMatchObject({ mttaMedian: 7, firstResponseMedian: 4 });
    expect(f.byTeam.net).toMatchObject({ mttaMedian: 30, firstResponseMedian: 60 });
  });

  it('is the time to acknowledge when every response was an acknowledgement', () => {
    const f = figures([rec({ id: 'A', openedAt: 0, firstAckAt: 10 }), rec({ id: 'B', openedAt: 0, firstAckAt: 30, firstWorkAt: 31 }), rec({ id: 'C', openedAt: 0 })]);
    expect(f.kpis).toMatchObject({ mttaMedian: 20, firstResponseMedian: 20 });
    expect(figures([rec({ id: 'C', openedAt: 0 })]).kpis.firstResponseMedian).toBeUndefined();
  });
});

describe('sizing hint', () => {
  it('gives the same figures whatever the expected number of rows, below, at or above the real one', () => {
    const many = Array.from({ length: 5000 }, (_, i) => rec({
      id: `I${i}`, priority: i % 3 === 0 ? 'P1' : 'P3', team: i % 2 ? 'desk' : 'net', openedAt: i, firstAckAt: i + (i % 17), resolvedAt: i % 11 === 0 ? undefined : i + 30 + (i % 97),
      respondSlaMinutes: i % 17, resolveSlaMinutes: 30 + (i % 97),
    }));
    const withHint = (expectedRows: number) => {
      const acc = new IncidentAccumulator(targets, 10_000, undefined, expectedRows);
      for (const r of many) acc.add(r);
      return acc.result();
    };
    const plain = figures(many);
    expect(withHint(10)).toEqual(plain);
    expect(withHint(5000)).toEqual(plain);
    expect(withHint(50_000)).toEqual(plain);
  });
});
