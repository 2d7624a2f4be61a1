/**
 * One object per incident (issue 16): the lifecycle's incident carries its record's fields; it is
 * streamed as it is to `readIncident`, and copied out as a plain record (the fields of
 * IncidentRecord, nothing of the lifecycle) for `onIncident` and the output's records. The open
 * incidents are a list threaded through them, in arrival order.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/model/build.js';
import { runReplication } from '../../../src/sim/lifecycle/index.js';
import { OpenIncidents, type Inc } from '../../../src/sim/lifecycle/state.js';
import type { IncidentRecord } from '../../../src/sim/records.js';
import { tinyScenario } from '../helpers.js';

const RECORD_KEYS = [
  'id', 'class', 'category', 'priority', 'openedAt', 'firstTeam', 'team', 'reassignments', 'escalations', 'misrouted',
  'autoRemediated', 'major', 'pausedMinutes', 'effortMinutes', 'warmup', 'seeded', 'firstAssignedAt', 'firstAckAt',
  'firstWorkAt', 'resolvedAt', 'resolvedBy', 'respondSlaMinutes', 'resolveSlaMinutes', 'type', 'misclassified',
  'knownError', 'closureCode', 'reopens', 'firstResolvedAt', 'reopenedAt', 'cause', 'recurrence',
  'commsAssigneeMinutes', 'commsLeadMinutes',
];

describe('one incident object', () => {
  const script = [
    { id: 'A', at: 10, class: 'generic' },
    { id: 'B', at: 20, class: 'generic' },
    { id: 'C', at: 25, class: 'generic' },
  ];

  it('streams the incident itself to readIncident, and hands plain copies of its record to onIncident and the output', () => {
    const model = buildModel(tinyScenario());
    const streamed: IncidentRecord[] = [];
    const snapshots: string[] = [];
    const copies: IncidentRecord[] = [];
    runReplication(model, {
      index: 0, script, noArrivals: true,
      readIncident: {
        read: (r) => {
          streamed.push(r);
          snapshots.push(JSON.stringify(Object.fromEntries(RECORD_KEYS.map((k) => [k, (r as unknown as Record<string, unknown>)[k]]))));
        },
      },
      onIncident: (r) => copies.push(r),
    });
    const kept = runReplication(model, { index: 0, script, noArrivals: true }).incidents;
    expect(copies.map((r) => r.id)).toEqual(['A', 'B', 'C']);
    for (const r of [...copies, ...kept]) expect(Object.keys(r)).toEqual(RECORD_KEYS);
    // the streamed objects are the lifecycle's incidents (more than the record), the copies equal what was read
    expect('steps' in streamed[0]).toBe(true);
    expect(copies.map((r) => JSON.stringify(r))).toEqual(snapshots);
    expect(kept.map((r) => JSON.stringify(r))).toEqual(snapshots);
  });

  it('keeps what few incidents need off the incident until one needs it: a scripted category, a pending pause', () => {
    const model = buildModel(tinyScenario({
      arrivals: [{ class: 'generic', rate: { perHour: 0 }, priority: 'P3', category: 'apps', path: [{ team: 'desk', work: '30m' }], pending: { probability: 1, duration: '10m' } }],
    } as never));
    const plain = buildModel(tinyScenario());
    const seen = new Map<string, Inc>();
    const read = { read: (r: IncidentRecord) => void seen.set(r.id, r as Inc) };
    runReplication(model, { index: 0, script: [...script, { id: 'D', at: 30, class: 'generic', category: 'network' }], noArrivals: true, readIncident: read });
    runReplication(plain, { index: 0, script: [{ id: 'E', at: 10, class: 'generic' }], noArrivals: true, readIncident: read });
    // (+ 0: an incident never paused holds DOUBLE_ZERO, −0, which recordOf hands out as 0)
    const shape = (id: string) => { const i = seen.get(id)!; return [i.x !== undefined, i.pending !== undefined, i.itil !== undefined, i.category, i.pausedMinutes + 0]; };
    expect(shape('A')).toEqual([false, true, false, 'apps', 10]);
    expect(shape('D')).toEqual([true, true, false, 'network', 10]);
    expect(shape('E')).toEqual([false, false, false, undefined, 0]);
    // the record fields kept in side objects read as their defaults without them
    const e = seen.get('E')!;
    expect([e.seeded, e.autoRemediated, e.reopens, e.closureCode, e.cause, e.commsLeadMinutes, e.class, e.type]).toEqual([false, false, 0, undefined, undefined, 0, 'generic', 'incident']);
  });

  it('keeps the open incidents in arrival order; adding a listed one or removing an unlisted one does nothing', () => {
    const open = new OpenIncidents();
    const incs = [0, 1, 2, 3].map((i) => ({ id: `I${i}`, listed: false, prevOpen: undefined, nextOpen: undefined }) as unknown as Inc);
    for (const i of incs) open.add(i);
    open.add(incs[1]);
    expect(open.values().map((i) => i.id)).toEqual(['I0', 'I1', 'I2', 'I3']);
    open.delete(incs[1]);
    open.delete(incs[1]);
    open.delete(incs[0]);
    open.add(incs[1]);
    expect(open.values().map((i) => i.id)).toEqual(['I2', 'I3', 'I1']);
    expect(open.size).toBe(3);
    open.delete(incs[1]);
    open.delete(incs[3]);
    open.delete(incs[2]);
    expect([open.values(), open.size]).toEqual([[], 0]);
  });
});
