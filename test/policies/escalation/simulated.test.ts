/** The tiered chain driven by the simulator (src/sim/lifecycle/): exact event traces. */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/model/build.js';
import { runReplication, type TraceEvent } from '../../../src/sim/lifecycle/index.js';
import type { Scenario } from '../../../src/scenario/schema.js';
import { lines, tinyScenario } from '../../sim/helpers.js';

const scenario: Scenario = tinyScenario({
  teams: [
    { id: 'ops', tier: 1, paging: true, engineers: [{ id: 'olga' }] },
    { id: 'l2', tier: 2, paging: true, engineers: [{ id: 'ann' }, { id: 'bob' }] },
  ],
  arrivals: [{ class: 'alert', rate: { perHour: 0 }, priority: 'P1', path: [{ team: 'ops', work: '30m' }] }],
  escalation: {
    policy: 'tiered',
    options: {
      ackTimeout: '15m',
      levels: ['assignee', { page: ['engineer:ann', 'engineer:bob'], timeout: '10m' }],
      repeat: 2,
      final: { notify: 'duty-manager' },
    },
  },
});

function run(silent: string[]) {
  const trace: TraceEvent[] = [];
  const out = runReplication(buildModel(scenario), {
    index: 0, noArrivals: true, script: [{ id: 'A', at: 0, class: 'alert' }], fixedAckDelay: 5, silent: new Set(silent), trace: (e) => trace.push(e),
  });
  return { out, trace: lines(trace, ['paged', 'ack-timeout', 'acknowledged', 'chain-ended', 'resolved']) };
}

describe('a tiered chain in the simulator', () => {
  it('nobody acknowledges: level 1 at t, level 2\'s ring at t+15 and t+25, the chain again, then the final action', () => {
    const { out, trace } = run(['olga', 'ann', 'bob']);
    expect(trace).toEqual([
      '0 paged A olga', '15 ack-timeout A olga',
      '15 paged A ann', '25 ack-timeout A ann',
      '25 paged A bob', '35 ack-timeout A bob',
      // Round 2 starts again at the chain's first level: the assignee in ops, where the chain
      // began (issue 20: it re-paged bob, who held it in l2, and never went back to ops).
      '35 paged A olga', '50 ack-timeout A olga',
      '50 paged A ann', '60 ack-timeout A ann',
      '60 paged A bob', '70 ack-timeout A bob',
      '70 chain-ended A',
      // The chain is over: the incident waits in its team (l2) for the next free engineer, unpaged.
      '70 acknowledged A ann', '100 resolved A ann',
    ]);
    expect(out.incidents[0].escalations.filter((e) => e.kind === 'hierarchical')).toMatchObject([{ at: 70, to: 'duty-manager' }]);
  });

  it('level 2\'s second engineer answers: acknowledged 5 min after the page, and works it', () => {
    const { out, trace } = run(['olga', 'ann']);
    expect(trace).toEqual([
      '0 paged A olga', '15 ack-timeout A olga',
      '15 paged A ann', '25 ack-timeout A ann',
      '25 paged A bob', '30 acknowledged A bob',
      '60 resolved A bob',
    ]);
    expect(out.incidents[0].firstAckAt).toBe(30);
  });
});
