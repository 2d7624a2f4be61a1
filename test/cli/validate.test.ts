/**
 * `incisim validate`: one `ok` line per valid file on stdout, every problem of an invalid file
 * as `incisim: <file>: <field>: …` lines on stderr, exit 2 if any file fails, never a stack
 * trace; `--schema` prints the published JSON Schema. Needs the build (`npx tsc -p .`) first;
 * `npm test` builds before it runs the suite.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', 'validate', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'incisim-validate-'));
const mmc = readFileSync('scenarios/mmc.yaml', 'utf8');

describe('incisim validate', () => {
  it('prints ok with the counts of teams, engineers and classes, and exits 0', () => {
    const r = cli('scenarios/mmc.yaml', 'scenarios/small-team.yaml');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok scenarios/mmc.yaml (1 team, 20 engineers, 1 class)\nok scenarios/small-team.yaml (2 teams, 6 engineers, 3 classes)\n');
    expect(r.status).toBe(0);
  });

  it('checks the scenario as overridden by --set', () => {
    const r = cli('scenarios/mmc.yaml', '--set', 'teams[0].engineers.count=22');
    expect(r.stdout).toBe('ok scenarios/mmc.yaml (1 team, 22 engineers, 1 class)\n');
    expect(r.status).toBe(0);
  });

  it('reports every problem of a bad file, one line each, still checks the others, and exits 2', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, mmc.replace('count: 20', 'count: -1').replace('queue: fifo', 'queue: lifo'));
    const r = cli(bad, 'scenarios/mmc.yaml');
    expect(r.stdout).toBe('ok scenarios/mmc.yaml (1 team, 20 engineers, 1 class)\n');
    expect(r.stderr).toBe(
      `incisim: ${bad}: teams[0].engineers.count: -1 must be >= 0 (number of engineers generated as <team>-01, <team>-02, …)\n` +
        `incisim: ${bad}: teams[0].queue: "lifo" is not one of: fifo, priority, edf, did you mean "fifo"?\n`,
    );
    expect(r.status).toBe(2);
  });

  it('a missing file, a YAML error and a bad --set are one line each, with no stack trace', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, mmc.replace('horizon: 5w', 'horizon: [5w'));
    const r = cli(join(dir, 'nope.yaml'), broken);
    expect(r.stderr).toBe(
      `incisim: ${join(dir, 'nope.yaml')}: cannot read the scenario file (no such file)\n` +
        `incisim: ${broken}: line 13, column 1: not valid YAML/JSON (Flow sequence in block collection must be sufficiently indented and end with a ])\n`,
    );
    expect(r.status).toBe(2);
    const s = cli('scenarios/mmc.yaml', '--set', 'teams[4].id=x');
    expect(s.stderr).toBe('incisim: scenarios/mmc.yaml: --set teams[4].id: teams[4] does not exist\n');
    expect(s.stdout).toBe('');
    expect(s.status).toBe(2);
    for (const out of [r.stderr, s.stderr]) expect(out).not.toMatch(/\n\s+at /);
  });

  it('without a file is a usage error', () => {
    const r = cli();
    expect(r.stderr).toBe('incisim: validate: name at least one scenario file (or --schema)\n');
    expect(r.status).toBe(2);
  });

  it('--schema prints the committed JSON Schema', () => {
    const r = cli('--schema');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync('schema/scenario.schema.json', 'utf8'));
  });
});
