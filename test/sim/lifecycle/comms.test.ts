import { describe, expect, it } from 'vitest';
import { lines, tinyScenario } from '../helpers.js';
import { runScript } from './helpers.js';

describe('communication load', () => {
  it('status updates cost the assignee their duration: the fix finishes that much later', () => {
    const s = tinyScenario({
      arrivals: [{ class: 'app', rate: { perHour: 0 }, priority: 'P2', path: [{ team: 'desk', work: '60m' }] }],
      comms: { cadence: { P2: '30m' }, duration: '5m' },
    });
    const { out, trace } = runScript(s, [{ id: 'A', at: 0, class: 'app' }]);
    expect(lines(trace, ['status-update', 'resolved'])).toEqual(['30 status-update A desk-01', '60 status-update A desk-01', '70 resolved A desk-01']);
    expect(out.incidents[0]).toMatchObject({ commsAssigneeMinutes: 10, commsLeadMinutes: 0, effortMinutes: 70 });
  });

  it('in a war room the communications lead sends them, and the assignee\'s fix is not delayed', () => {
    const s = tinyScenario({
      teams: [
        { id: 'desk', tier: 1, engineers: { count: 1 } },
        { id: 'office', tier: 1, engineers: [{ id: 'lead', roles: ['communications'] }] },
      ],
      arrivals: [{ class: 'outage', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'desk', work: '100m' }] }],
      majorIncident: { priorities: ['P1'], roles: { communications: 1 } },
      comms: { cadence: { P1: '30m' }, duration: { P1: '10m' } },
    });
    const { out, trace } = runScript(s, [{ id: 'P', at: 0, class: 'outage' }]);
    expect(lines(trace, ['war-room-opened', 'status-update', 'resolved'])).toEqual([
      '0 war-room-opened P', '30 status-update P lead', '60 status-update P lead', '90 status-update P lead', '100 resolved P desk-01',
    ]);
    expect(out.incidents[0]).toMatchObject({ commsAssigneeMinutes: 0, commsLeadMinutes: 30 });
  });
});
