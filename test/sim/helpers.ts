import type { Scenario } from '../../src/scenario/schema.js';

/** A small valid scenario to build test cases from: 24x7, one team `desk` of `count` engineers. */
export function tinyScenario(over: Partial<Scenario> = {}): Scenario {
  return {
    name: 'tiny',
    start: '2026-11-23T00:00:00Z', // a Monday
    timezone: 'UTC',
    horizon: '2d',
    warmup: 0,
    replications: 1,
    seed: 7,
    priorities: {
      matrix: { high: { high: 'P1', medium: 'P2', low: 'P3' }, medium: { high: 'P2', medium: 'P3', low: 'P4' }, low: { high: 'P3', medium: 'P4', low: 'P4' } },
      sla: { P1: { respond: '15m', resolve: '4h' }, P3: { respond: '1h', resolve: '1d' } },
    },
    teams: [{ id: 'desk', tier: 1, engineers: { count: 1 }, queue: 'fifo' }],
    arrivals: [{ class: 'generic', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }] }],
    ...over,
  } as Scenario;
}

/** Compact "t type incident engineer/team" lines from a trace, for exact comparisons. */
export function lines(trace: { t: number; type: string; incident?: string; engineer?: string; team?: string }[], types?: string[]): string[] {
  return trace
    .filter((e) => !types || types.includes(e.type))
    .map((e) => [e.t, e.type, e.incident ?? '', e.engineer ?? e.team ?? ''].join(' ').trim());
}
