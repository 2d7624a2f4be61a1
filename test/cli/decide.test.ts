/**
 * `incisim compare`, `staff` and `drill` through the CLI: the files they write, their exit codes,
 * and the one-line errors for bad comparison, staffing and drill input. Needs the build (npm test builds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UCI } from '../data.js';

const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
const tmp = (p: string) => mkdtempSync(join(tmpdir(), `incisim-${p}-`));
const short = ['--set', 'horizon=9d', '--set', 'warmup=2d'];

function drillFile(expect: string[]): string {
  const file = join(tmp('drill'), 'late.yaml');
  writeFileSync(
    file,
    [
      'name: late',
      `scenario: ${resolve('scenarios/small-team.yaml')}`,
      'duration: 8h',
      'background: false',
      'incidents:',
      '  - { id: DB-DOWN, at: 2h, class: database, priority: P1 }',
      'silent: [alice]',
      'ackDelay: 4m',
      'expect:',
      ...expect.map((e) => `  - ${e}`),
    ].join('\n') + '\n',
  );
  return file;
}

describe('incisim compare', () => {
  it('writes comparison.json and the report, and prints each KPI with its paired difference', () => {
    const out = join(tmp('cmp'), 'c');
    const r = cli('compare', 'scenarios/mmc.yaml', '--variant', 'c20', '--variant', 'c22:teams[0].engineers.count=22', '--replications', '3', ...short, '--out', out, '--workers', '1');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mmc: 2 variants × 3 paired replications; baseline c20$/m);
    expect(r.stdout).toMatch(/^  c22 +[\d.]+ min +-[\d.]+ min \[-[\d.]+ min, -?[\d.]+ min\] (significant|not significant \(interval contains 0\))$/m);
    expect(readdirSync(out).sort()).toEqual(['charts', 'comparison.csv', 'comparison.json', 'index.html']);
    expect(JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')).variants).toEqual(['c20', 'c22']);
  });

  it('--no-report writes comparison.json alone, the same comparison', () => {
    const out = join(tmp('cmp-noreport'), 'c');
    const r = cli('compare', 'scenarios/mmc.yaml', '--variant', 'c20', '--variant', 'c22:teams[0].engineers.count=22', '--replications', '3', ...short, '--out', out, '--workers', '1', '--no-report');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(readdirSync(out)).toEqual(['comparison.json']);
    expect(JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')).variants).toEqual(['c20', 'c22']);
  });

  it.each([
    [['scenarios/mmc.yaml', '--variant', 'a', '--variant', 'a'], /^incisim: .*variant "a"/],
    [['scenarios/mmc.yaml', '--variant', 'a', '--variant', 'b:nonsense'], /^incisim: .*"nonsense" is not an override; expected path=value/],
    [['scenarios/mmc.yaml', '--variant', 'a', '--variant', 'b:teams[0].engineers.count=-3'], /^incisim: scenarios\/mmc\.yaml: teams\[0\]\.engineers\.count/],
    [['scenarios/nope.yaml', '--variant', 'a', '--variant', 'b'], /^incisim: scenarios\/nope\.yaml: cannot read the scenario file \(no such file\)$/m],
  ])('refuses bad input %j with one line and exit 2, writing nothing', (args, message) => {
    const out = join(tmp('cmp-bad'), 'never');
    const r = cli('compare', ...args, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a comparison file with one variant, naming the file and field', () => {
    const file = join(tmp('cmp-file'), 'one.yaml');
    writeFileSync(file, 'scenario: x.yaml\nvariants:\n  - name: only\n');
    const r = cli('compare', file);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd()).toBe(`incisim: ${file}: variants: expected a list of at least 2 variants, got [{"name":"only"}]`);
  });
});

describe('incisim staff', () => {
  it('sizes the M/M/c desk for "P3 respond 20m 80%": 21, as Erlang C, the minimality row and the --set line; writes staffing.json and the report', () => {
    const out = join(tmp('staff'), 's');
    const r = cli('staff', 'scenarios/mmc.yaml', '--target', 'P3 respond 20m 80%', '--replications', '6', '--set', 'horizon=16d', '--set', 'warmup=2d', '--out', out, '--workers', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^answer: every target is met$/m);
    expect(r.stdout).toMatch(/^  24x7 +20 +21 \(18\.00 E\) +21 +20: misses P3 respond 20m 80% \(\d\d\.\d%\)$/m);
    expect(r.stdout).toMatch(/^engineer-hours per week \(scheduled shifts; on-call not counted\): today 3360, answer 3528 \(\+168\)$/m);
    // the run drains past the horizon until the deadline of the window's last incident (20 min)
    expect(r.stdout).toMatch(/^reproduce: incisim run scenarios\/mmc\.yaml --set horizon=23060 --set teams\[0\]\.engineers\.count=21$/m);
    expect(readdirSync(out).sort()).toEqual(['charts', 'evaluations.csv', 'index.html', 'minimality.csv', 'staffing.csv', 'staffing.json', 'targets.csv']);
  });

  it('explains a target work alone cannot meet and holds it at what headcount reaches (exit 0)', () => {
    const out = join(tmp('staff-no'), 's');
    const r = cli('staff', 'scenarios/mmc.yaml', '--target', 'P3 resolve 30m 80%', '--replications', '3', ...short, '--out', out, '--workers', '2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^P3 resolve 30m 80% cannot be met by headcount: at the ceiling \(every shift at least doubled\) it reaches 3\d\.\d% \[/m);
    expect(r.stdout).toMatch(/^    generic at desk: [\d.]+ of [\d.]+ \([\d.]+ whose work alone is longer than the target/m);
    expect(r.stdout).toMatch(/The answer holds it at what headcount reaches, a mean of at least 3\d% \(the ceiling's lower bound, rounded down\)/);
    const j = JSON.parse(readFileSync(join(out, 'staffing.json'), 'utf8'));
    expect(j.targets[0]).toMatchObject({ text: 'P3 resolve 30m 80%', feasible: false, infeasible: { unproven: false } });
    expect(j.targets[0].impossible[0]).toMatchObject({ class: 'generic', team: 'desk' });
  });

  it('--json prints the answer per team and shift, the attainment with intervals, and engineer-hours against today', () => {
    const r = cli('staff', 'scenarios/mmc.yaml', '--target', 'P3 respond 20m 80%', '--replications', '2', ...short, '--out', join(tmp('staff-json'), 's'), '--workers', '2', '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.teams).toEqual([expect.objectContaining({ team: 'desk', today: 20, engineerHoursPerWeek: { today: 3360, answer: j.teams[0].answer * 168 } })]);
    expect(j.units.map((u: { key: string; shift: string }) => [u.key, u.shift])).toEqual([['desk/24x7', '24x7']]);
    expect(j.targets[0].answer).toEqual({ mean: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)], n: 2 });
    expect(j.engineerHoursPerWeek).toEqual({ today: 3360, answer: j.teams[0].answer * 168, change: (j.teams[0].answer - 20) * 168 });
    expect(j.set).toEqual([`teams[0].engineers.count=${j.teams[0].answer}`]);
  });

  it('sizes a scenario `incisim fit` wrote from the real ServiceNow log (one of its teams, short run)', () => {
    const dir = tmp('staff-fit');
    expect(cli('import', UCI, '--out', join(dir, 'h.jsonl')).status).toBe(0);
    expect(cli('fit', join(dir, 'h.jsonl'), '--out', join(dir, 'fitted.yaml')).status).toBe(0);
    const out = join(dir, 's');
    const r = cli('staff', join(dir, 'fitted.yaml'), '--target', 'P3 resolve 5d 50%', '--team', 'group-70', '--replications', '2', '--set', 'horizon=3w', '--set', 'warmup=1w', '--out', out, '--workers', '2');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(readFileSync(join(out, 'staffing.json'), 'utf8'));
    expect(j.teams.map((t: { team: string }) => t.team)).toEqual(['group-70']);
    // The capacity fit writes presence layers sized together: the team is one headcount, dealt to its layers in today's proportions.
    expect(j.units).toHaveLength(1);
    const [u] = j.units;
    expect(u).toMatchObject({ key: expect.stringMatching(/^group-70\/its \d+ groups$/), kind: 'team' });
    expect(j.teams[0].answer).toBe(u.answer);
    expect(u.answer).toBeGreaterThan(0);
    expect(u.groups.reduce((n: number, g: { answer: number }) => n + g.answer, 0)).toBe(u.answer);
    expect(u.groups.reduce((n: number, g: { today: number }) => n + g.today, 0)).toBe(u.today);
    for (const g of u.groups) expect(Math.abs(g.answer - (u.answer * g.today) / u.today), g.group).toBeLessThan(1);
    expect(u.minusOne === undefined || u.minusOne.meets === false).toBe(true);
    expect(r.stdout).toMatch(/^reproduce: incisim run \S+fitted\.yaml --set horizon=\d+( --set teams\[\d+\]\.engineers\[\d+\]\.count=\d+)+$/m);
    expect(r.stdout).toMatch(/^  group-70\/its \d+ groups, today → answer: group-70-l0 \d+ → \d+, /m);
    // the report lists the layers' counts
    expect(readFileSync(join(out, 'groups.csv'), 'utf8').split('\n')[0]).toBe('team,group,today,answer');
   }, 240_000); // import, fit and a roster search of the real log: ~10 s alone on two cores (the layers sized together; ~30 s when each was a unit)

  it.each([
    [['--target', 'P3 respond soon 80%'], /^incisim: --target: invalid duration "soon"; expected a duration such as 90s, 15m/],
    [['--target', 'P3 respond 20m 180%'], /^incisim: --target: share 180% in "P3 respond 20m 180%" is not between 0 and 100%$/m],
    [['--target', 'P3 resolve 3d 90%', '--team', 'nobody'], /^incisim: --team: unknown team "nobody"; expected one of desk$/m],
    [['--target', 'P3 resolve 3d 90%', '--window', 'xmas'], /^incisim: --window: "xmas" is neither a date range \(FROM\.\.TO\) nor the name of a peak; the scenario names no peaks$/m],
    [['--target', 'P3 resolve 3d 90%', '--peak', '-2'], /^incisim: --peak: -2 is not a positive factor \(e\.g\. 2\.5\)$/m],
  ])('refuses %j with one line and exit 2', (args, message) => {
    const r = cli('staff', 'scenarios/mmc.yaml', ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('incisim drill', () => {
  it('exits 0 when every expectation holds, printing the escalation from the silent primary to the manager at the 15-minute timeout', () => {
    const out = join(tmp('drill-ok'), 'd');
    const r = cli('drill', 'scenarios/drills/primary-does-not-answer.yaml', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\+02:15  DB-DOWN +ack-timeout +alice/m);
    expect(r.stdout).toMatch(/^\+02:15  DB-DOWN +paged +morgan +level 2/m);
    expect(r.stdout).toMatch(/^all expectations hold; wrote /m);
    expect(readdirSync(out).sort()).toEqual(['charts', 'expectations.csv', 'index.html', 'timeline.csv', 'timeline.jsonl']);
  });

  it('exits 3 when an expectation fails, saying which one and by how much', () => {
    const r = cli('drill', drillFile(['DB-DOWN acknowledged within 10m', 'DB-DOWN reaches level 2 within 20m']), '--out', join(tmp('drill-late'), 'd'));
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^FAILED: DB-DOWN acknowledged within 10m — it happened at \+19m, 9m late$/m);
    expect(r.stdout).toMatch(/^ok: DB-DOWN reaches level 2 within 20m \(at \+15m\)$/m);
    expect(r.stdout).toMatch(/^1 of 2 expectations failed; wrote /m);
  });

  it('refuses a bad expectation with one line naming the file and exit 2', () => {
    const r = cli('drill', drillFile(['DB-DOWN is fine']));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^incisim: .*late\.yaml: expect\[0\]: "DB-DOWN is fine" is not an expectation; expected /);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
