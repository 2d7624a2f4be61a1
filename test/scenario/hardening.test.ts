/**
 * Hostile scenario files (issues #15 and #22): each mistake is one line naming the file and where
 * (field path, or line and column), checked before any work starts — never an internal error, an
 * out-of-memory abort or a run that never ends. Each case here failed before its fix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

const BASE = `name: tiny
start: 2026-01-05T00:00:00Z
horizon: 2w
calendars:
  office: { hours: { mon-fri: "09:00-17:00" }, holidays: [2026-01-06] }
priorities:
  matrix: { high: { high: P1, medium: P2, low: P3 }, medium: { high: P2, medium: P3, low: P3 }, low: { high: P3, medium: P3, low: P3 } }
teams:
  - id: desk
    engineers: { count: 3 }
    oncall: { layers: [{ rotation: daily, handoff: "09:00" }] }
arrivals:
  - class: generic
    rate: { perHour: 1 }
    path:
      - team: desk
        work: exponential(mean=30m)
`;

const dir = mkdtempSync(join(tmpdir(), 'incisim-hardening-'));
let n = 0;
function file(text: string): string {
  const f = join(dir, `s${++n}.yaml`);
  writeFileSync(f, text);
  return f;
}
function variant(from: string, to: string): string {
  expect(BASE).toContain(from);
  return file(BASE.replace(from, to));
}
/** The one-line message loadScenario throws (a UserError, never anything else). */
function error(f: string, overrides: string[] = []): string {
  let thrown: unknown;
  const started = performance.now();
  try {
    loadScenario(f, { overrides });
  } catch (e) {
    thrown = e;
  }
  expect(performance.now() - started, 'refused at once').toBeLessThan(5000);
  expect(thrown, `${f} loaded without an error`).toBeInstanceOf(UserError);
  const message = (thrown as Error).message;
  expect(message).not.toContain('\n');
  expect(message.length).toBeLessThanOrEqual(480);
  return message;
}

describe('YAML that is not plain data (15.3)', () => {
  it('an alias bomb: one line naming the file and the line of the first alias', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'];
    const f = file(`${BASE}${bomb.join('\n')}\n`);
    expect(error(f)).toMatch(new RegExp(`^${f}: line 19, column 8: YAML aliases expand too far \\(more than 100 uses`));
  });
  it('too many aliases of one value', () => {
    const f = variant('name: tiny', `x: &x 1\nname: tiny\nlist: [${Array.from({ length: 150 }, () => '*x').join(', ')}]`);
    expect(error(f)).toMatch(new RegExp(`^${f}: line 3, column \\d+: YAML aliases expand too far`));
  });
  it('an alias that names no anchor', () => {
    const f = variant('horizon: 2w', 'horizon: *nowhere');
    expect(error(f)).toBe(`${f}: line 3, column 10: the alias *nowhere names no anchor before it (expected &nowhere earlier in the file)`);
  });
  it('an unknown tag, a duplicate key, a second document, brackets nested 30,000 deep', () => {
    expect(error(variant('name: tiny', 'name: !!js/function tiny'))).toMatch(/: line 1, column 7: unknown YAML tag \(tag:yaml.org,2002:js\/function\); expected plain values$/);
    expect(error(variant('horizon: 2w', 'horizon: 2w\nhorizon: 3w'))).toMatch(/: line 4, column 1: a key given twice in the same mapping$/);
    expect(error(file(`${BASE}---\nname: other\n`))).toMatch(/: line 18, column 1: a second YAML document \(after "---"\); expected one per file$/);
    expect(error(file(`${BASE}deep: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n`))).toMatch(/: line 18, column 107: brackets nested more than 100 deep/);
  });
  it('aliases within the limit still work', () => {
    const f = variant('horizon: 2w', 'horizon: &h 2w\nwarmup: *h');
    expect(error(f)).toBe(`${f}: warmup: 20160 min is not shorter than the horizon (20160 min)`);
  });
  it('an empty file says so', () => {
    expect(error(file('# nothing\n'))).toMatch(/: the file is empty; expected a mapping of scenario fields$/);
  });
});

describe('sizes are bounded, stated in the schema (15.4, 22.3)', () => {
  const f = file(BASE);
  it.each([
    ['teams[0].engineers.count=10000000', 'teams[0].engineers.count: 10000000 must be <= 10000'],
    ['replications=1e12', 'replications: 1000000000000 must be <= 10000'],
    ['replications=1e400', 'replications: Infinity must be <= 10000'],
    ['horizon=9999999999w', 'horizon: "9999999999w" is longer than 156 weeks (3 years), the longest horizon; expected at most 156w'],
    ['horizon=1e6w', 'horizon: "1e6w" is longer than 156 weeks'],
    ['arrivals[0].rate.perHour=1e300', 'arrivals[0].rate.perHour: 1e+300 must be <= 100000'],
    ['teams[0].oncall.layers[0].rotation=1e-6m', 'teams[0].oncall.layers[0].rotation: "1e-6m" is shorter than an hour; expected "daily", "weekly" or a duration of at least 1h'],
    ['start=+275760-09-13T00:00:00Z', 'start: "+275760-09-13T00:00:00Z" is in the year 275760; expected a year from 1900 to 2999'],
    ['start=2026-01-05T00:00:00+25:00', 'start: "2026-01-05T00:00:00+25:00" has a UTC offset beyond ±18:00'],
    ['calendars.office.holidays[0]=9999-01-01', 'calendars.office.holidays[0]: "9999-01-01" is in the year 9999'],
  ])('--set %s', (set, message) => {
    expect(error(f, [set])).toContain(`${f}: ${message}`);
  });
  it('twenty groups of 10,000 engineers: the total is refused before they are made', () => {
    const groups = Array.from({ length: 20 }, (_, i) => `{ prefix: g${i}, count: 10000 }`).join(', ');
    expect(error(f, [`teams[0].engineers=[${groups}]`])).toBe(`${f}: teams: 200,000 engineers in all; expected at most 20,000`);
  });
  it('the incidents one replication would create: rates × horizon', () => {
    expect(error(f, ['arrivals[0].rate.perHour=90000', 'horizon=10w'])).toBe(
      `${f}: arrivals: about 151,200,000 incidents expected per replication (rates × horizon; most of them of arrivals[0] "generic"); expected at most 5,000,000 — shorten the horizon or lower the rates`,
    );
  });
  it('a storm that feeds itself (probability 1) is refused, naming the class', () => {
    expect(error(f, ['arrivals[0].storms={ probability: 1, size: "poisson(mean=2)", within: 1h }'])).toBe(
      `${f}: arrivals[0].storms: each incident of "generic" leads on average to 2.00 more of its own class (storm probability × mean size), so the storm would never end; expected less than 1`,
    );
  });
  it('a chain of storms that feeds itself', () => {
    const two = BASE.replace('arrivals:\n', 'arrivals:\n  - { class: echo, rate: { perHour: 0 }, path: [{ team: desk, work: 1m }], storms: { probability: 0.5, size: "4", within: 1h, class: generic } }\n')
      + '    storms: { probability: 1, size: "1", within: 1h, class: echo }\n';
    expect(error(file(two))).toMatch(/arrivals\[0\]\.storms: each incident of "echo" leads on average to 2\.00 more of its own class \(storm probability × mean size along "echo" → "generic"\)/);
  });
  it('a storm that dies out is accepted, its incidents counted', () => {
    expect(() => loadScenario(f, { overrides: ['arrivals[0].storms={ probability: 0.5, size: "1", within: 1h }'] })).not.toThrow();
  });
});

describe('references and values accepted before, now refused (15.7, 22.5, 22.9)', () => {
  it('a holiday that is not a date, in a calendar no SLA uses', () => {
    const f = variant('holidays: [2026-01-06]', 'holidays: [2026-02-30]');
    expect(error(f)).toBe(`${f}: calendars.office.holidays[0]: "2026-02-30" is not a date; expected YYYY-MM-DD`);
  });
  it('a priority matrix without a medium row names the missing cell', () => {
    const f = variant('medium: { high: P2, medium: P3, low: P3 }, ', '');
    expect(error(f)).toBe(`${f}: priorities.matrix.medium.high: missing (arrivals[0] "generic" draws its priority from impact × urgency, so every cell of the high/medium/low matrix needs a priority; 2 more cells missing)`);
  });
  it('a matrix missing one cell', () => {
    const f = variant('low: { high: P3, medium: P3, low: P3 }', 'low: { high: P3, medium: P3 }');
    expect(error(f)).toMatch(/: priorities\.matrix\.low\.low: missing \(arrivals\[0\]/);
  });
  it('a partial matrix is fine when every class has a fixed priority', () => {
    const f = variant('medium: { high: P2, medium: P3, low: P3 }, ', '');
    expect(() => loadScenario(f, { overrides: ['arrivals[0].priority=P1'] })).not.toThrow();
  });
  it('a misspelt matrix level is an unknown field', () => {
    const f = variant('medium: { high: P2', 'meduim: { high: P2');
    expect(error(f)).toContain(`${f}: priorities.matrix.meduim: unknown field (expected one of: high, medium, low)`);
  });
  it('NaN and infinities are echoed as themselves, not null', () => {
    const f = file(BASE);
    expect(error(f, ['horizon=.inf'])).toMatch(/horizon: Infinity is not valid/);
    expect(error(f, ['arrivals[0].rate.perHour=.nan'])).toContain('arrivals[0].rate.perHour: NaN');
    const g = variant('horizon: 2w', 'horizon: .inf');
    expect(error(g)).toMatch(/horizon: Infinity is not valid/);
  });
  it('a 5,000-character value and a 10,000-name list are shortened', () => {
    const f = file(BASE);
    const long = error(f, [`arrivals[0].path[0].work=${'x'.repeat(5000)}`]);
    expect(long).toContain('(5000 characters)');
    const list = error(f, [`teams[0].engineers.surge=[${Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(', ')}]`]);
    expect(list.length).toBeLessThan(300);
  });
  it('an overflow to the team itself is the engine roster check, naming the file', () => {
    const f = variant('    engineers: { count: 3 }', '    engineers: { count: 3 }\n    overflow: { team: desk, saturation: 1 }');
    expect(error(f)).toBe(`${f}: teams[0].overflow.team: "desk" cannot overflow to itself`);
  });
});
