/** ITIL-depth figures (#19) on hand-made records: every number below is computed by hand. */
import { describe, expect, it } from 'vitest';
import { IncidentAccumulator, firstContact } from '../../src/metrics/incidents.js';
import { problemKpis } from '../../src/metrics/problems.js';
import type { IncidentRecord } from '../../src/sim/records.js';

function rec(over: Partial<IncidentRecord> & Pick<IncidentRecord, 'id' | 'openedAt'>): IncidentRecord {
  return {
    class: 'c', priority: 'P3', firstTeam: 'desk', team: 'desk', reassignments: 0, escalations: [], misrouted: false,
    autoRemediated: false, major: false, pausedMinutes: 0, effortMinutes: 0, warmup: false, type: 'incident', misclassified: false,
    knownError: false, reopens: 0, recurrence: false, commsAssigneeMinutes: 0, commsLeadMinutes: 0, ...over,
  };
}

const incidentSla = { P3: { resolve: 100, calendar: '24x7' } };
const requestSla = { P3: { resolve: 1000, calendar: 'office' } };

describe('ITIL figures', () => {
  const records = [
    // resolved at first contact, a known-error match, 10 min of status updates by the assignee
    rec({ id: 'A', openedAt: 0, resolvedAt: 50, resolveSlaMinutes: 50, knownError: true, closureCode: 'solved-workaround', commsAssigneeMinutes: 10 }),
    // reopened once, final resolution at 300: not first contact, resolve SLA missed
    rec({ id: 'B', openedAt: 0, resolvedAt: 300, firstResolvedAt: 40, resolveSlaMinutes: 300, reopens: 1, closureCode: 'solved-permanently', recurrence: true, commsLeadMinutes: 30 }),
    // reassigned once: not first contact
    rec({ id: 'C', openedAt: 0, resolvedAt: 80, resolveSlaMinutes: 80, reassignments: 1, team: 'net', closureCode: 'solved-permanently' }),
    // a request, on its own (longer) target: met at 500; misclassified, so not first contact
    rec({ id: 'R', openedAt: 0, resolvedAt: 500, resolveSlaMinutes: 500, type: 'request', misclassified: true, reassignments: 1, closureCode: 'fulfilled' }),
    // auto-remediated: no first contact either way (not in its denominator)
    rec({ id: 'D', openedAt: 0, resolvedAt: 5, resolveSlaMinutes: 5, autoRemediated: true, closureCode: 'solved-permanently' }),
    // still open at the horizon: counts as an arrival, not in the closure codes
    rec({ id: 'E', openedAt: 900, resolveSlaMinutes: 100 }),
  ];
  const acc = new IncidentAccumulator(incidentSla, 1000, { requestSlaTargets: requestSla });
  for (const r of records) acc.add(r);
  const f = acc.result();

  it('first-contact resolution: resolved by a person in the first team with no reassignment, escalation, misclassification or reopen', () => {
    expect(records.map(firstContact)).toEqual([true, false, false, false, false, false]);
    expect(f.kpis.firstContactResolution).toBe(1 / 4); // A of A, B, C, R
  });

  it('reopen rate over incidents resolved at least once; known-error hits, misclassification, recurrence and comms per arrival', () => {
    expect(f.kpis.reopenRate).toBe(1 / 5);
    expect(f.kpis.knownErrorHitRate).toBe(1 / 6);
    expect(f.kpis.misclassificationRate).toBe(1 / 6);
    expect(f.kpis.recurrenceRate).toBe(1 / 6);
    expect(f.kpis.commsMinutesPerIncident).toBe(40 / 6);
    expect(f.kpis['commsMinutesPerIncident.assignee']).toBe(10 / 6);
    expect(f.kpis['commsMinutesPerIncident.communications']).toBe(30 / 6);
  });

  it('per type, each on its own SLA; per closure code over resolved incidents', () => {
    // E is open and not yet past its target: undecided; B missed its 100 min
    expect(f.byType!.incident).toMatchObject({ arrivals: 5, resolved: 4, slaResolveAttainment: 3 / 4, firstContactResolution: 1 / 3 });
    expect(f.byType!.request).toMatchObject({ arrivals: 1, resolved: 1, slaResolveAttainment: 1, mttr: 500 });
    expect(Object.fromEntries(Object.entries(f.byClosureCode!).map(([k, v]) => [k, v.resolved]))).toEqual({ fulfilled: 1, 'solved-permanently': 3, 'solved-workaround': 1 });
    expect(f.byClosureCode!['solved-permanently'].mttr).toBeCloseTo((300 + 80 + 5) / 3, 10);
  });

  it('reports none of them without the ITIL options (scenarios that use none of its features)', () => {
    const plain = new IncidentAccumulator(incidentSla, 1000);
    for (const r of records) plain.add(r);
    const g = plain.result();
    expect(g.byType).toBeUndefined();
    expect(Object.keys(g.kpis).filter((k) => /firstContact|reopen|knownError|comms|misclass|recurrence/.test(k))).toEqual([]);
  });

  it('problem figures: counts, hours, and payback only when it paid back', () => {
    expect(problemKpis({ records: [], opened: 2, solved: 1, avoided: 30, avoidedWorkMinutes: 1800, effortMinutes: 600, paybackDay: 12 })).toEqual({
      problemsOpened: 2, problemsSolved: 1, incidentsAvoided: 30, avoidedWorkHours: 30, problemEffortHours: 10, netHoursSaved: 20, paybackDays: 12,
    });
    expect(problemKpis({ records: [], opened: 1, solved: 0, avoided: 0, avoidedWorkMinutes: 0, effortMinutes: 600 })).not.toHaveProperty('paybackDays');
  });
});
