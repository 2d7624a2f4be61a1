/**
 * Capacity means the same thing to the assignment engine and to the lifecycle, in every workload
 * unit and under every routing policy (fast-check over small random scenarios): nothing is lost
 * (every arrival is resolved or open at the horizon), nobody ever holds more incidents than their
 * capacity, and nobody off shift or absent is given work. The checks read the event log, not the
 * simulator's own bookkeeping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import { ROUTING_POLICIES } from '../../src/policies/routing/index.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/load.js';
import { runOne } from '../../src/sim/run.js';
import { loadScenario } from '../../src/scenario/load.js';
import { tinyScenario } from './helpers.js';

const UNITS = ['count', 'effort', 'severity'] as const;
const POLICIES = Object.keys(ROUTING_POLICIES);

const scenarioArb = (unit: string, policy: string) =>
  fc
    .record({
      desk: fc.integer({ min: 1, max: 4 }),
      deskCapacity: fc.integer({ min: 1, max: 3 }),
      expert: fc.integer({ min: 1, max: 3 }),
      expertCapacity: fc.integer({ min: 1, max: 3 }),
      perHour: fc.double({ min: 0.5, max: 12, noNaN: true }),
      deskWork: fc.constantFrom('10m', 'exponential(mean=20m)', 'lognormal(median=30m, p90=3h)', 'gamma(mean=4h, cv=1)'),
      expertWork: fc.constantFrom('1h', 'exponential(mean=2h)', 'uniform(min=5m, max=9h)'),
      resolvesAtDesk: fc.double({ min: 0, max: 1, noNaN: true }),
      pending: fc.boolean(),
      paging: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    })
    .map((p): Scenario =>
      validateScenario(
        tinyScenario({
          seed: p.seed,
          workloadUnit: unit as Scenario['workloadUnit'],
          routing: { policy },
          priorities: {
            matrix: { high: { high: 'P1', medium: 'P2', low: 'P3' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P3', medium: 'P4', low: 'P4' } },
            weights: { P1: 8, P2: 4, P3: 1, P4: 0.5 },
          },
          teams: [
            // the desk works a weekday shift (it starts on a Monday): some incidents meet it off shift
            { id: 'desk', tier: 1, engineers: { count: p.desk, capacity: p.deskCapacity }, schedule: { shifts: [{ days: 'mon-fri', hours: '08:00-17:00' }] } },
            {
              id: 'expert', tier: 2, engineers: { count: p.expert, capacity: p.expertCapacity },
              schedule: { shifts: [{ days: 'daily', hours: '06:00-22:00' }] },
              ...(p.paging ? { oncall: { layers: [{ rotation: 'daily', handoff: '09:00' }] }, ackDelay: 'exponential(mean=5m)' } : {}),
            },
          ],
          arrivals: [{
            class: 'mixed', rate: { perHour: p.perHour },
            impact: { high: 0.2, medium: 0.3, low: 0.5 }, urgency: { high: 0.3, medium: 0.4, low: 0.3 },
            path: [{ team: 'desk', work: p.deskWork, resolves: p.resolvesAtDesk }, { team: 'expert', work: p.expertWork }],
            ...(p.pending ? { pending: { probability: 0.3, duration: 'exponential(mean=1h)' } } : {}),
          }],
        }),
        'generated',
      ),
    );

/** Replays the event log: presence per engineer, holder per incident; returns what broke. */
function logProblems(scenario: Scenario): string[] {
  const model = buildModel(scenario);
  const result = runOne(model, { index: 0, trace: true, keepIncidents: true });
  const capacity = new Map(model.engineers.map((e) => [e.id, e.capacity]));
  const presence = new Map<string, string>();
  const holder = new Map<string, string>();
  const problems: string[] = [];
  for (const ev of result.trace!) {
    if (ev.type === 'presence') presence.set(ev.engineer!, ev.detail!);
    else if (ev.type === 'assigned') {
      const who = ev.engineer!;
      const p = presence.get(who) ?? 'off';
      if (p !== 'on-shift' && p !== 'on-call') problems.push(`${ev.t}: ${ev.incident} assigned to ${who}, who is ${p}`);
      holder.set(ev.incident!, who);
      const held = [...holder.values()].filter((h) => h === who).length;
      if (held > capacity.get(who)!) problems.push(`${ev.t}: ${who} holds ${held} incidents, capacity ${capacity.get(who)}`);
    } else if (ev.type === 'resolved' || ev.type === 'released' || ev.type === 'queued' || ev.type === 'escalated' || ev.type === 'rerouted') {
      holder.delete(ev.incident!);
    }
  }
  const arrived = result.trace!.filter((e) => e.type === 'arrived').length;
  const records = result.incidents!.length;
  if (arrived !== records) problems.push(`lost: ${arrived} arrived, ${records} records`);
  return problems;
}

describe('capacity: one definition for the engine and the lifecycle', () => {
  it('regression: the default scenario with workloadUnit effort or severity runs (it broke the availability invariant)', () => {
    for (const unit of ['effort', 'severity']) {
      const { scenario } = loadScenario('scenarios/default.yaml', { overrides: [`workloadUnit=${unit}`, 'horizon=7d', 'warmup=1d'] });
      expect(() => runOne(buildModel(scenario), { index: 2 })).not.toThrow();
    }
  });

  for (const unit of UNITS) {
    it(`${unit}: under every routing policy nothing is lost, nobody exceeds capacity or works off shift`, () => {
      for (const policy of POLICIES) {
        fc.assert(
          fc.property(scenarioArb(unit, policy), (s) => {
            const problems = logProblems(s);
            expect(problems.slice(0, 3), `${unit} / ${policy}`).toEqual([]);
          }),
          { numRuns: 4, seed: 20261201 },
        );
      }
    });
  }
});
