/**
 * What a replication hands out (closing.ts): sums that start at DOUBLE_ZERO (−0, so that V8 keeps
 * them doubles from the start) and are never added to come out as 0, never as −0.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/model/build.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { runReplication } from '../../../src/sim/lifecycle/index.js';
import { computeReplicationMetrics } from '../../../src/metrics/index.js';
import { metricOptions } from '../../../src/sim/run.js';
import type { Scenario } from '../../../src/scenario/schema.js';
import { tinyScenario } from '../helpers.js';

/** Paths of every −0 in `x` (objects, arrays and typed arrays, walked). */
function negativeZeros(x: unknown, path = '$', out: string[] = []): string[] {
  if (typeof x === 'number') {
    if (Object.is(x, -0)) out.push(path);
  } else if (ArrayBuffer.isView(x)) {
    Array.from(x as unknown as ArrayLike<number>).forEach((v, i) => negativeZeros(v, `${path}[${i}]`, out));
  } else if (Array.isArray(x)) {
    x.forEach((v, i) => negativeZeros(v, `${path}[${i}]`, out));
  } else if (x !== null && typeof x === 'object' && !(x instanceof Map) && !(x instanceof Set)) {
    for (const [k, v] of Object.entries(x)) if (typeof v !== 'function') negativeZeros(v, `${path}.${k}`, out);
  }
  return out;
}

function outputs(s: Scenario, noArrivals = false) {
  const model = buildModel(s);
  const out = runReplication(model, { index: 0, noArrivals, keepIncidents: true });
  return { out, metrics: computeReplicationMetrics(out, metricOptions(model)) };
}

describe('a replication hands out', () => {
  it('no −0 when nothing happens: an engineer never on duty, no incident', () => {
    // ops has no shifts: only its on-call layer, in which bob is not
    const { out, metrics } = outputs(tinyScenario({
      teams: [{ id: 'ops', tier: 1, engineers: [{ id: 'ann' }, { id: 'bob' }], oncall: { layers: [{ name: 'primary', rotation: 'weekly', participants: ['ann'] }] } }],
      arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '30m' }] }],
    } as Partial<Scenario>), true);
    expect(out.engineers.map((e) => [e.id, e.availableMinutes, e.busyMinutes])).toEqual([['ann', 2880, 0], ['bob', 0, 0]]);
    expect(negativeZeros(out.engineers)).toEqual([]);
    expect(negativeZeros({ inSystemArea: out.inSystemArea })).toEqual([]);
    expect(negativeZeros(metrics)).toEqual([]);
  });

  it('no −0 in a bundled scenario with a warm-up (its sums start at its end)', () => {
    const { scenario } = loadScenario('scenarios/default.yaml');
    const { out, metrics } = outputs({ ...structuredClone(scenario), horizon: '2w', warmup: '1w' });
    expect(out.incidents!.length).toBeGreaterThan(100);
    expect(negativeZeros(out.engineers)).toEqual([]);
    expect(negativeZeros(out.incidents)).toEqual([]);
    expect(negativeZeros(metrics)).toEqual([]);
  });
});
