import { describe, expect, it } from 'vitest';
import { lines, tinyScenario } from '../helpers.js';
import { runScript } from './helpers.js';
import { runScenario } from '../../../src/sim/run.js';
import { binomialBand } from './helpers.js';

const office = { office: { hours: { 'mon-fri': '08:00-18:00' } } };

describe('ticket types: incidents and service requests', () => {
  it('a request is measured on its own SLA calendar, an incident of the same priority on 24x7', () => {
    const s = tinyScenario({
      horizon: '7d',
      calendars: office,
      priorities: {
        matrix: { high: { high: 'P1', medium: 'P2', low: 'P3' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P3', medium: 'P4', low: 'P4' } },
        sla: { P4: { resolve: '1h' } },
        slaByType: { request: { P4: { resolve: '1h', calendar: 'office' } } },
      },
      teams: [{ id: 'desk', tier: 1, engineers: { count: 2 }, queue: 'fifo' }],
      arrivals: [
        { class: 'fault', rate: { perHour: 0 }, priority: 'P4', path: [{ team: 'desk', work: '30m' }] },
        { class: 'new-laptop', type: 'request', rate: { perHour: 0 }, priority: 'P4', path: [{ team: 'desk', work: '30m' }] },
      ],
    });
    // Friday 2026-11-27 17:50 UTC: ten office minutes are left that day
    const friday = 4 * 1440 + 17 * 60 + 50;
    const { out } = runScript(s, [{ id: 'I', at: friday, class: 'fault' }, { id: 'R', at: friday, class: 'new-laptop' }]);
    const byId = Object.fromEntries(out.incidents.map((r) => [r.id, r]));
    expect(byId.I).toMatchObject({ type: 'incident', resolvedAt: friday + 30, resolveSlaMinutes: 30 });
    expect(byId.R).toMatchObject({ type: 'request', resolvedAt: friday + 30, resolveSlaMinutes: 10 });
  });

  it('a ticket logged as the other type goes to that type\'s team first and is rerouted when found: a reassignment, not a first-contact resolution', () => {
    const s = tinyScenario({
      teams: [
        { id: 'desk', tier: 1, engineers: { count: 1 } },
        { id: 'fulfil', tier: 1, engineers: { count: 1 } },
      ],
      triage: { misclassification: { share: 1, detectAfter: '10m' } },
      arrivals: [
        { class: 'fault', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }] },
        { class: 'access', type: 'request', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'fulfil', work: '20m' }] },
      ],
    });
    const { out, trace } = runScript(s, [{ id: 'F', at: 0, class: 'fault' }]);
    expect(lines(trace, ['arrived', 'misclassified', 'assigned', 'rerouted', 'resolved'])).toEqual([
      '0 arrived F', '0 misclassified F fulfil', '0 assigned F fulfil-01', '10 rerouted F desk', '10 assigned F desk-01', '40 resolved F desk-01',
    ]);
    expect(out.incidents[0]).toMatchObject({ misclassified: true, misrouted: false, reassignments: 1, firstTeam: 'fulfil', team: 'desk' });
  });

  it('misclassificationRate ≈ the triage share, and every KPI comes per type', () => {
    const s = tinyScenario({
      horizon: '10d',
      replications: 1,
      teams: [
        { id: 'desk', tier: 1, engineers: { count: 1, capacity: 50 } },
        { id: 'fulfil', tier: 1, engineers: { count: 1, capacity: 50 } },
      ],
      triage: { misclassification: { share: 0.1, detectAfter: '1m' } },
      arrivals: [
        { class: 'fault', rate: { perHour: 6 }, priority: 'P3', path: [{ team: 'desk', work: '2m' }] },
        { class: 'access', type: 'request', rate: { perHour: 4 }, priority: 'P3', path: [{ team: 'fulfil', work: '2m' }] },
      ],
    });
    const k = runScenario(s).summary;
    const n = k.kpis.arrivals.mean;
    expect(n).toBeGreaterThan(2000);
    expect(Math.abs(k.kpis.misclassificationRate.mean - 0.1)).toBeLessThan(binomialBand(0.1, n));
    expect(Object.keys(k.byType!)).toEqual(['incident', 'request']);
    expect(k.byType!.incident.arrivals.mean + k.byType!.request.arrivals.mean).toBe(n);
    for (const t of ['incident', 'request']) expect(k.byType![t].mttr.mean).toBeGreaterThan(2);
  });
});
