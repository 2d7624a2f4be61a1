/**
 * `--set field.path=value`: what-ifs without editing the file. Values are YAML scalars or flow
 * collections; missing objects on the way are created (the schema check afterwards still rejects
 * misspelt names); every mistake is one line naming the file and the --set it came from.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { applyOverrides, fieldPath, parseFieldPath } from '../../src/scenario/overrides.js';
import { loadScenario } from '../../src/scenario/load.js';

const MMC = 'scenarios/mmc.yaml';

/** A fresh object shaped like a scenario. */
const data = () => ({
  name: 'x',
  horizon: '2w',
  teams: [{ id: 'desk', engineers: { count: 3 } }],
  arrivals: [{ class: 'a', path: [{ team: 'desk', work: '1h' }] }],
});

function error(sets: string[]): string {
  try {
    applyOverrides(data(), sets, 'f.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('field paths', () => {
  it('are names and [index] parts, and print back the same way', () => {
    expect(parseFieldPath('teams[0].engineers.count', 'w')).toEqual(['teams', 0, 'engineers', 'count']);
    expect(parseFieldPath('priorities.sla.P1.respond', 'w')).toEqual(['priorities', 'sla', 'P1', 'respond']);
    expect(fieldPath(['arrivals', 1, 'path', 0, 'team'])).toBe('arrivals[1].path[0].team');
  });
});

describe('applying overrides', () => {
  it('reads values as YAML: numbers, booleans, strings, lists and objects', () => {
    const d = applyOverrides(data(), [
      'teams[0].engineers.count=14',
      'teams[0].paging=true',
      'horizon=4h',
      'teams[0].engineers.skills=[db, network]',
      'teams[0].fallback={ kind: queue }',
      'name=',
    ], 'f.yaml');
    expect(d.teams[0]).toEqual({ id: 'desk', engineers: { count: 14, skills: ['db', 'network'] }, paging: true, fallback: { kind: 'queue' } });
    expect(d.horizon).toBe('4h');
    expect(d.name).toBe('');
  });

  it('apply in order, so a later one wins', () => {
    expect(applyOverrides(data(), ['horizon=1w', 'horizon=3w'], 'f').horizon).toBe('3w');
  });

  it('append to a list at index = length', () => {
    const d = applyOverrides(data(), ['arrivals[0].path[1]={ team: desk, work: 2h }'], 'f');
    expect(d.arrivals[0].path).toEqual([{ team: 'desk', work: '1h' }, { team: 'desk', work: '2h' }]);
  });

  it('create missing objects on the way', () => {
    const d = applyOverrides(data() as Record<string, unknown>, ['priorities.sla.P1.respond=15m'], 'f');
    expect(d.priorities).toEqual({ sla: { P1: { respond: '15m' } } });
  });

  it('on a scenario file are validated like the file itself', () => {
    const { scenario } = loadScenario(MMC, { overrides: ['teams[0].engineers.count=22', 'priorities.sla.P3.respond=15m'] });
    expect(scenario.teams[0].engineers).toEqual({ count: 22 });
    expect(scenario.priorities.sla).toEqual({ P3: { respond: '15m' } });
  });
});

describe('each --set mistake is one line naming the file and the --set', () => {
  it('no "=" in it', () => {
    expect(error(['teams[0].engineers.count'])).toBe('f.yaml: --set "teams[0].engineers.count": expected field.path=value, e.g. teams[0].engineers.count=14');
  });

  it('a path that is not a field path', () => {
    expect(error(['teams[0]..count=5'])).toBe('f.yaml: --set teams[0]..count: "teams[0]..count" is not a field path (expected names and [index] like teams[0].engineers.count)');
    expect(error(['teams[x].id=5'])).toBe('f.yaml: --set teams[x].id: "teams[x].id" is not a field path (expected names and [index] like teams[0].engineers.count)');
  });

  it('a path into a list element that does not exist', () => {
    expect(error(['teams[3].engineers.count=1'])).toBe('f.yaml: --set teams[3].engineers.count: teams[3] does not exist');
  });

  it('an index past the end of a list', () => {
    expect(error(['teams[2]={ id: x }'])).toBe('f.yaml: --set teams[2]: index 2 is past the end of teams (length 1)');
  });

  it('a list addressed by name, or an object by index', () => {
    expect(error(['teams.id=x'])).toBe('f.yaml: --set teams.id: teams is a list (use [index])');
    expect(error(['teams[0][1]=x'])).toBe('f.yaml: --set teams[0][1]: teams[0] is an object (use .name)');
  });

  it('a path through a plain value', () => {
    expect(error(['horizon.x=1'])).toBe('f.yaml: --set horizon.x: horizon is "2w", not an object or list');
  });

  it('a missing object created on the way that holds a list', () => {
    expect(error(['teams[0].oncall.layers[0].rotation=weekly'])).toBe('f.yaml: --set teams[0].oncall.layers[0].rotation: teams[0].oncall.layers does not exist');
  });

  it('a misspelt name: the object is created, and the schema check names it with a did-you-mean', () => {
    expect(() => loadScenario(MMC, { overrides: ['priorities.slaa.P1.respond=15m'] })).toThrow(
      `${MMC}: priorities.slaa: unknown field, did you mean "sla"? (expected one of: matrix, weights, sla, slaByType)`,
    );
  });

  it('a value of the wrong type for the field', () => {
    expect(() => loadScenario(MMC, { overrides: ['teams[0].engineers.count=lots'] })).toThrow(
      `${MMC}: teams[0].engineers.count: "lots" must be integer (number of engineers generated as <team>-01, <team>-02, …)`,
    );
  });

  it('a path that would reach Object.prototype instead of a field (and pollutes nothing)', () => {
    expect(error(['__proto__.polluted=1'])).toBe('f.yaml: --set __proto__.polluted: "__proto__" is not a scenario field (expected names and [index] like teams[0].engineers.count)');
    expect(error(['teams[0].constructor.prototype.polluted=1'])).toMatch(/"constructor" is not a scenario field/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
