/**
 * Loading a scenario file: every kind of user mistake gives one line naming the file, the field
 * path, the bad value and what was expected; valid files (every bundled scenario) load.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadScenario, readScenarioData, scenarioProblems, validateScenario, withOverrides } from '../../src/scenario/load.js';

/** A small valid scenario; each test changes one thing in it. */
const BASE = `name: tiny
start: 2026-01-05T00:00:00Z
horizon: 2w
priorities:
  matrix: { high: { high: P1, medium: P2, low: P3 }, medium: { high: P2, medium: P3, low: P3 }, low: { high: P3, medium: P3, low: P3 } }
teams:
  - id: desk
    engineers: { count: 3 }
arrivals:
  - class: generic
    rate: { perHour: 1 }
    path:
      - team: desk
        work: exponential(mean=30m)
`;

const dir = mkdtempSync(join(tmpdir(), 'incisim-scenario-'));
let n = 0;
/** Writes `text` to a fresh file and returns its path. */
function file(text: string): string {
  const f = join(dir, `s${++n}.yaml`);
  writeFileSync(f, text);
  return f;
}
/** BASE with one replacement (which must apply). */
function variant(from: string, to: string): string {
  expect(BASE).toContain(from);
  return file(BASE.replace(from, to));
}
/** The one-line message loadScenario throws for `f`. */
function error(f: string, overrides: string[] = []): string {
  try {
    loadScenario(f, { overrides });
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${f} loaded without an error`);
}

describe('a valid scenario file', () => {
  it('loads as typed data, with its source text kept for provenance', () => {
    const f = file(BASE);
    const { scenario, source, file: from } = loadScenario(f);
    expect(scenario.teams[0].id).toBe('desk');
    expect(scenario.arrivals[0].path[0].work).toBe('exponential(mean=30m)');
    expect(source).toBe(BASE);
    expect(from).toBe(f);
  });

  it('may be JSON', () => {
    const f = join(dir, 'tiny.json');
    writeFileSync(f, JSON.stringify(readScenarioData(file(BASE)).data));
    expect(loadScenario(f).scenario.name).toBe('tiny');
  });

  it('may name its JSON Schema for editors ($schema)', () => {
    expect(loadScenario(file(`$schema: ../schema/scenario.schema.json\n${BASE}`)).scenario.name).toBe('tiny');
  });
});

describe('each kind of mistake is one line naming file, field, value and expectation', () => {
  it('a missing file', () => {
    const f = join(dir, 'nope.yaml');
    expect(error(f)).toBe(`${f}: cannot read the scenario file (no such file)`);
  });

  it('a directory instead of a file', () => {
    expect(error(dir)).toBe(`${dir}: cannot read the scenario file (a directory, not a regular file)`);
  });

  it('a YAML syntax error, with its line and column', () => {
    const f = variant('horizon: 2w', 'horizon: [2w');
    expect(error(f)).toBe(`${f}: line 4, column 1: not valid YAML/JSON (Flow sequence in block collection must be sufficiently indented and end with a ])`);
    const g = variant('  - id: desk', ' - id: desk');
    expect(error(g)).toBe(`${g}: line 7, column 8: not valid YAML/JSON (Nested mappings are not allowed in compact mappings)`);
  });

  it('a file that is not a mapping of fields', () => {
    const f = file('- a\n- b\n');
    expect(error(f)).toBe(`${f}: expected a mapping of scenario fields at the top level, got ["a", "b"]`);
  });

  it('a missing required field', () => {
    const f = variant('horizon: 2w\n', '');
    expect(error(f)).toBe(`${f}: horizon: missing (a required field)`);
  });

  it('an unknown field, with a did-you-mean and the fields allowed there', () => {
    const f = variant('engineers: { count: 3 }', 'engineers: { count: 3 }\n    shedule: { shifts: [] }');
    expect(error(f)).toBe(
      `${f}: teams[0].shedule: unknown field, did you mean "schedule"? (expected one of: id, name, tier, timezone, engineers, schedule, oncall, ` +
        'paging, ackDelay, channels, routing, queue, service, fallback, overflow, absences, surge, handoff, staffing)',
    );
  });

  it('a value of the wrong type', () => {
    const f = variant('count: 3', 'count: three');
    expect(error(f)).toBe(`${f}: teams[0].engineers.count: "three" must be integer (number of engineers generated as <team>-01, <team>-02, …)`);
  });

  it('a negative count', () => {
    const f = variant('count: 3', 'count: -2');
    expect(error(f)).toBe(`${f}: teams[0].engineers.count: -2 must be >= 0 (number of engineers generated as <team>-01, <team>-02, …)`);
  });

  it('a value outside an enumeration, with a did-you-mean', () => {
    const f = variant('engineers: { count: 3 }', 'engineers: { count: 3 }\n    queue: lifo');
    expect(error(f)).toBe(`${f}: teams[0].queue: "lifo" is not one of: fifo, priority, edf, did you mean "fifo"?`);
  });

  it('an unknown team in a path', () => {
    const f = variant('      - team: desk', '      - team: dsk');
    expect(error(f)).toBe(`${f}: arrivals[0].path[0].team: unknown team "dsk", did you mean "desk"? (expected one of: desk)`);
  });

  it('a priority missing from the matrix', () => {
    const f = variant('    rate: { perHour: 1 }', '    rate: { perHour: 1 }\n    priority: P9');
    expect(error(f)).toBe(`${f}: arrivals[0].priority: "P9" is not a priority of priorities.matrix, did you mean "P1"? (expected one of: P1, P2, P3)`);
  });

  it('a duration that does not parse', () => {
    const f = variant('horizon: 2w', 'horizon: 2 weeks');
    expect(error(f)).toBe(`${f}: horizon: invalid duration "2 weeks"; expected a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes`);
  });

  it('a distribution missing a parameter', () => {
    const f = variant('exponential(mean=30m)', 'lognormal(median=30m)');
    expect(error(f)).toBe(
      `${f}: arrivals[0].path[0].work: lognormal needs parameter p90; accepted: lognormal(median=30m, p90=2h) or lognormal(mean=1h, sd=45m)`,
    );
  });

  it('an unknown distribution', () => {
    const f = variant('exponential(mean=30m)', 'expo(mean=30m)');
    expect(error(f)).toMatch(new RegExp(`^${f}: arrivals\\[0\\]\\.path\\[0\\]\\.work: unknown distribution "expo" in "expo\\(mean=30m\\)"; expected .*exponential`));
  });

  it('a class whose skills nobody in the receiving team holds (its incidents would wait for ever)', () => {
    const f = variant('    rate: { perHour: 1 }', '    rate: { perHour: 1 }\n    skills: [sql]');
    expect(error(f)).toBe(
      `${f}: arrivals[0].path[0].team: no engineer of team "desk" holds the skills ["sql"] of arrivals[0].skills, ` +
        'so these incidents would wait there for ever (expected someone in "desk" with all of them)',
    );
    const twoTeams = BASE.replace('engineers: { count: 3 }', 'engineers: { count: 3, skills: [sql] }\n  - { id: db, engineers: { count: 1 } }')
      .replace('    rate: { perHour: 1 }', '    rate: { perHour: 1 }\n    skills: [sql]');
    const g = file(twoTeams);
    const h = file(twoTeams.replace('    skills: [sql]', '    skills: [sql]\n    misroute: { probability: 0.1, to: db, detectAfter: 30m }'));
    expect(loadScenario(g).scenario.teams).toHaveLength(2);
    expect(error(h)).toBe(
      `${h}: arrivals[0].misroute.to: no engineer of team "db" holds the skills ["sql"] of arrivals[0].skills, ` +
        'so these incidents would wait there for ever (expected someone in "db" with all of them)',
    );
    // with repeat, every other team of the tier can receive it too
    const three = twoTeams.replace('  - { id: db, engineers: { count: 1 } }', '  - { id: db, engineers: { count: 1, skills: [sql] } }\n  - { id: web, engineers: { count: 1 } }');
    const k = file(three.replace('    skills: [sql]\n    path', '    skills: [sql]\n    misroute: { probability: 0.1, to: db, detectAfter: 30m, repeat: "geometric(mean=1)" }\n    path'));
    expect(error(k)).toBe(
      `${k}: arrivals[0].misroute.repeat: no engineer of team "web" holds the skills ["sql"] of arrivals[0].skills, ` +
        'so these incidents would wait there for ever (expected someone in "web" with all of them)',
    );
  });
});

describe('scenarioProblems (what incisim validate prints)', () => {
  it('lists every shape problem at once, one line each (in the order of the schema check)', () => {
    const data = readScenarioData(variant('engineers: { count: 3 }', 'engineers: { count: three }\n    queue: lifo\n    shedule: {}')).data;
    expect(scenarioProblems(data, 'x.yaml')).toEqual([
      'x.yaml: teams[0].shedule: unknown field, did you mean "schedule"? (expected one of: id, name, tier, timezone, engineers, schedule, oncall, paging, ackDelay, channels, routing, queue, service, fallback, overflow, absences, surge, handoff, staffing)',
      'x.yaml: teams[0].engineers.count: "three" must be integer (number of engineers generated as <team>-01, <team>-02, …)',
      'x.yaml: teams[0].queue: "lifo" is not one of: fifo, priority, edf, did you mean "fifo"?',
    ]);
  });

  it('is empty for a valid scenario, and validateScenario then returns it unchanged', () => {
    const data = readScenarioData(file(BASE)).data;
    expect(scenarioProblems(data, 'x')).toEqual([]);
    expect(validateScenario(data, 'x')).toBe(data);
  });
});

describe('withOverrides', () => {
  it('returns a validated copy and leaves the original alone', () => {
    const { scenario } = loadScenario(file(BASE));
    const more = withOverrides(scenario, ['teams[0].engineers.count=7']);
    expect(more.teams[0].engineers).toEqual({ count: 7 });
    expect(scenario.teams[0].engineers).toEqual({ count: 3 });
  });

  it('names the label it was given in errors', () => {
    const { scenario } = loadScenario(file(BASE));
    expect(() => withOverrides(scenario, ['teams[0].engineers.count=-1'], 'variant b')).toThrow(
      'variant b: teams[0].engineers.count: -1 must be >= 0 (number of engineers generated as <team>-01, <team>-02, …)',
    );
  });
});

describe('the bundled scenarios', () => {
  const bundled = ['scenarios', 'scenarios/drills']
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => `${d}/${f}`))
    .filter((f) => !f.startsWith('scenarios/drills/'));
  it('include the default, the M/M/c case, a small team and a peak season', () => {
    expect(bundled).toEqual(expect.arrayContaining(['scenarios/default.yaml', 'scenarios/mmc.yaml', 'scenarios/small-team.yaml', 'scenarios/peak-season.yaml']));
  });
  it.each(bundled)('%s validates', (f) => {
    const data = readScenarioData(f).data;
    expect(scenarioProblems(data, f)).toEqual([]);
    expect(data.$schema ?? '../schema/scenario.schema.json').toBe('../schema/scenario.schema.json');
  });
});
