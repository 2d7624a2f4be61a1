/**
 * `service: shared`: an engineer's attention is split equally among the incidents they work at
 * once (each at 1/k of their pace), and what they hold is kept, paused, while they are off shift.
 * Exact traces on one engineer.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { validateScenario } from '../../src/scenario/load.js';
import { runReplication, type TraceEvent } from '../../src/sim/lifecycle/index.js';
import type { IncidentRecord } from '../../src/sim/records.js';

const scenario = (service: 'shared' | 'slots', shifts?: { days: string; hours: string }[]) =>
  validateScenario(
    {
      name: 'shared',
      start: '2026-01-05T00:00:00Z', // a Monday
      horizon: '7d',
      priorities: { matrix: { medium: { medium: 'P3' } } },
      teams: [{ id: 'desk', service, engineers: { count: 1, capacity: 5 }, ...(shifts ? { schedule: { shifts } } : {}) }],
      arrivals: [{ class: 'c', priority: 'P3', rate: { perWeek: 0 }, path: [{ team: 'desk', work: '90m' }] }],
    },
    'test',
  );

const run = (service: 'shared' | 'slots', at: number[], shifts?: { days: string; hours: string }[]) => {
  const recs: IncidentRecord[] = [];
  const trace: TraceEvent[] = [];
  runReplication(buildModel(scenario(service, shifts)), {
    index: 0,
    noArrivals: true,
    script: at.map((t, k) => ({ id: `I${k + 1}`, at: t, class: 'c' })),
    onIncident: (r) => recs.push(r),
    trace: (e) => trace.push(e),
  });
  return { recs: recs.sort((a, b) => a.id.localeCompare(b.id)), trace };
};

describe('service: shared', () => {
  it('splits the engineer between the incidents worked at once: 90m each, the second arriving after 60m', () => {
    // 0–60 I1 alone (60 done); 60–120 both at half pace (I1 finishes its 30, I2 does 30); 120–180 I2 alone.
    const { recs } = run('shared', [0, 60]);
    expect(recs.map((r) => [r.id, r.resolvedAt, Math.round(r.effortMinutes * 1000) / 1000])).toEqual([
      ['I1', 120, 90],
      ['I2', 180, 90],
    ]);
  });

  it('slots work each held incident at full pace instead', () => {
    const { recs } = run('slots', [0, 60]);
    expect(recs.map((r) => [r.id, r.resolvedAt])).toEqual([
      ['I1', 90],
      ['I2', 150],
    ]);
  });

  it('keeps held work over the night, paused, and resumes it on shift (no reassignment)', () => {
    // On shift 09:00–17:00 daily. I1 arrives 16:00: 60m done, paused 17:00, resumed 09:00 next day, done 09:30.
    const { recs, trace } = run('shared', [16 * 60], [{ days: 'daily', hours: '09:00-17:00' }]);
    expect(recs[0].resolvedAt).toBe(1440 + 9 * 60 + 30);
    expect(recs[0].reassignments).toBe(0);
    expect(trace.filter((e) => e.incident === 'I1').map((e) => e.type)).toEqual(['arrived', 'routed', 'assigned', 'acknowledged', 'work-started', 'work-paused', 'work-started', 'resolved']);
  });
});
