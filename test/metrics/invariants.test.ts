/** The run-time invariant checks catch what they are there to catch. */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/metrics/index.js';
import type { IncidentRecord, ReplicationOutput } from '../../src/sim/records.js';

const rec = (id: string, openedAt: number, over: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id, class: 'c', priority: 'P3', openedAt, firstTeam: 'd', team: 'd', reassignments: 0, escalations: [], misrouted: false,
  autoRemediated: false, major: false, pausedMinutes: 0, effortMinutes: 0, warmup: false, ...over,
});

function output(incidents: IncidentRecord[], arrivals: number, violations: string[] = []): ReplicationOutput {
  const how = new Array(168).fill(0);
  how[0] = arrivals;
  return { index: 0, window: { from: 0, to: 100 }, incidents, engineers: [], backlog: { t: [], open: [] }, inSystemArea: 0, arrivalsByHourOfWeek: how, violations, events: 0 };
}

describe('checkInvariants', () => {
  it('passes a consistent replication', () => {
    expect(checkInvariants(output([rec('A', 1, { firstAckAt: 2, resolvedAt: 5 }), rec('B', 3)], 2))).toEqual([]);
  });
  it('catches a lost incident (conservation)', () => {
    expect(checkInvariants(output([rec('A', 1, { resolvedAt: 5 })], 2))).toEqual(['conservation: 2 arrivals in the window but 1 incident records']);
  });
  it('catches timestamps out of order', () => {
    const [p] = checkInvariants(output([rec('A', 10, { firstAckAt: 5, resolvedAt: 20 })], 1));
    expect(p).toMatch(/^A: timestamps out of order/);
  });
  it('reports assignments the simulator flagged as breaking availability', () => {
    expect(checkInvariants(output([], 0, ['X assigned at 5 min to e1, who is off holding 0 of 1']))).toEqual(['X assigned at 5 min to e1, who is off holding 0 of 1']);
  });
});
