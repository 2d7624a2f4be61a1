/**
 * Building the model is where every value of a scenario is parsed, so a mistake stops the run
 * before it starts, with one line naming the field.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/model/build.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { tinyScenario } from '../sim/helpers.js';

const build = (over: Partial<Scenario>) => () => buildModel(tinyScenario(over));

describe('buildModel', () => {
  it('puts `depth` engineers on call at once: with depth 2 of three, two are on call at every minute, in rotation', () => {
    const m = buildModel(tinyScenario({
      horizon: '3d',
      teams: [{ id: 'desk', engineers: { count: 3 }, oncall: { layers: [{ rotation: 'daily', handoff: '00:00', depth: 2 }] } }],
    }));
    const timelines = m.presence(() => 1);
    const at = (t: number) => timelines.map((tl) => {
      let k = 0;
      while (k + 1 < tl.at.length && tl.at[k + 1] <= t) k++;
      return tl.presence[k];
    });
    expect(at(60)).toEqual(['on-call', 'on-call', 'off']);
    expect(at(1440 + 60)).toEqual(['off', 'on-call', 'on-call']);
    expect(at(2 * 1440 + 60)).toEqual(['on-call', 'off', 'on-call']);
  });

  it('expands a group of engineers into named engineers of the team', () => {
    const m = buildModel(tinyScenario({ teams: [{ id: 'desk', engineers: { count: 3, capacity: 2 } }] }));
    expect(m.engineers.map((e) => [e.id, e.team, e.capacity])).toEqual([['desk-01', 'desk', 2], ['desk-02', 'desk', 2], ['desk-03', 'desk', 2]]);
  });

  it.each([
    [{ start: 'yesterday' }, 'start: "yesterday" is not an ISO-8601 instant'],
    [{ timezone: 'Mars/Base' }, 'timezone: unknown time zone "Mars/Base"; expected an IANA name such as "Europe/London" or "UTC"'],
    [{ horizon: '3x' }, 'horizon: invalid duration "3x"'],
    [{ warmup: '3d' }, 'warmup: 4320 min is not shorter than the horizon (2880 min)'],
    [{ routing: { policy: 'fastest' } }, 'routing.policy: unknown routing policy "fastest"'],
    [{ escalation: { policy: 'tiered', options: { levels: ['assignee', 'team:nowhere'] } } }, 'escalation.options.levels[1]: "team:nowhere" names no team of the scenario'],
    [{ escalation: { policy: 'tiered', options: { levels: ['engineer:zed'] } } }, 'escalation.options.levels[0]: "engineer:zed" names no engineer of the scenario'],
  ] as [Partial<Scenario>, string][])('%j → %s', (over, message) => {
    expect(build(over)).toThrow(message);
  });

  it('refuses misroute.repeat when the tier has no two other teams to pass the incident between', () => {
    expect(build({
      teams: [{ id: 'desk', tier: 1, engineers: { count: 1 } }, { id: 'network', tier: 1, engineers: { count: 1 } }],
      arrivals: [{ class: 'net', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'network', work: '30m' }], misroute: { probability: 0.2, detectAfter: '5m', repeat: '1' } }],
    })).toThrow('arrivals[0].misroute.repeat: "1" needs at least two teams besides "network" in tier 1 to pass the incident between; found only "desk"');
  });

  it('refuses an engineer id used in two teams', () => {
    expect(build({ teams: [{ id: 'a', engineers: [{ id: 'x' }] }, { id: 'b', engineers: [{ id: 'x' }] }] })).toThrow('engineer id "x" is used twice');
  });
});
