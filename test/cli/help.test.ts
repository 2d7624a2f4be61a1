/**
 * `incisim --help`, `incisim <command> --help` and `incisim --version` are answered without
 * loading yargs, from the texts yargs prints (dist/cli/help.json, written by the build): each
 * answer is byte for byte what the full command line prints for the same words, there is one for
 * the top level and for every command and subcommand, and anything but an exact request (another
 * word beside --help, a narrow terminal, no table) goes to yargs as before. Needs the build
 * (npm test builds).
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { fastAnswer, HELP_WIDTH, helpKey, helpWidth, readHelpTable, type HelpTable } from '../../src/cli/fast.js';
import { VERSION } from '../../src/version.js';

const BIN = resolve('bin/incisim.js');
const MAIN = pathToFileURL(resolve('dist/cli/main.js')).href;
const table = JSON.parse(readFileSync('dist/cli/help.json', 'utf8')) as HelpTable;

interface Ran { status: number | null; stdout: string; stderr: string }

function node(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((done) => {
    execFile(process.execPath, args, { encoding: 'utf8', env, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}
/** `incisim <argv>` as users run it (bin/incisim.js: the table first). */
const incisim = (argv: string[], env?: NodeJS.ProcessEnv) => node([BIN, ...argv], env);
/** `incisim <argv>` through yargs only (dist/cli/main.js), in its own process. */
const viaYargs = (argv: string[], env?: NodeJS.ProcessEnv) =>
  node(['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(process.argv.slice(1));`, '--', ...argv], env);

describe('the help and version table', () => {
  const requests = Object.keys(table.answers).map((k) => k.split(' '));

  it('has the top level, the version and every command of the command list', () => {
    expect(table.width).toBe(HELP_WIDTH);
    expect(table.answers[helpKey(['--version'])]).toBe(`${VERSION}\n`);
    expect(table.answers[helpKey(['--help'])]).toMatch(/^incisim <command> \[options\]\n/);
    for (const c of commands) {
      const name = String(c.command).split(' ')[0];
      expect(table.answers[helpKey([name, '--help'])], name).toMatch(new RegExp(`^incisim ${name}\\b`));
    }
    // and the subcommands their help lists
    expect(table.answers[helpKey(['serve', 'token', '--help'])]).toMatch(/^incisim serve token <action>\n/);
    expect(requests.length).toBe(commands.length + 3);
  });

  it('answers each request with exactly what yargs prints for it, exit 0 and nothing on stderr', async () => {
    const got = await Promise.all(requests.map(async (argv) => ({ argv, fast: await incisim(argv), slow: await viaYargs(argv) })));
    for (const { argv, fast, slow } of got) {
      const key = helpKey(argv);
      expect(slow, key).toEqual({ status: 0, stdout: table.answers[key], stderr: '' });
      expect(fast, key).toEqual(slow);
    }
  });

  it('prints the same English texts whatever the locale (yargs would otherwise translate its own words)', async () => {
    const env = { ...process.env, LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' };
    const help = await viaYargs(['run', '--help'], env);
    expect(help.stdout).toBe(table.answers[helpKey(['run', '--help'])]);
    const wrong = await incisim(['run', '--replicatons', '2', 'x.yaml'], env);
    expect(wrong.stderr).toBe('incisim: Unknown argument: replicatons (see incisim --help)\n');
    expect(wrong.status).toBe(2);
  });
});

describe('only exact requests are answered from the table', () => {
  const runHelp = table.answers[helpKey(['run', '--help'])];

  it('answers the exact words, on a pipe or a terminal at least as wide as the texts', () => {
    expect(fastAnswer(['run', '--help'], undefined, () => table)).toBe(runHelp);
    expect(fastAnswer(['run', '--help'], 200, () => table)).toBe(runHelp);
    expect(fastAnswer(['--version'], undefined, () => table)).toBe(`${VERSION}\n`);
  });

  it('leaves to yargs anything else: other words, other orders, a narrower terminal, no table', () => {
    for (const argv of [[], ['run'], ['run', 'x.yaml'], ['run', '--help', 'x.yaml'], ['--help', 'run'], ['--help', '--bogus'], ['-h'], ['--version', '--bogus'], ['nosuch', '--help'], ['run', '--help=true']]) {
      expect(fastAnswer(argv, undefined, () => table), argv.join(' ')).toBeUndefined();
    }
    expect(helpWidth(80)).toBe(80);
    expect(fastAnswer(['run', '--help'], 80, () => table)).toBeUndefined();
    expect(fastAnswer(['run', '--help'], undefined, () => undefined)).toBeUndefined();
  });

  it('ignores a table older than the command line it describes (a command rebuilt by tsc alone)', () => {
    mkdirSync('test-output', { recursive: true });
    const dist = mkdtempSync(resolve('test-output/help-'));
    cpSync('dist/cli', `${dist}/cli`, { recursive: true });
    cpSync('dist/version.js', `${dist}/version.js`);
    const dir = pathToFileURL(`${dist}/cli/`);
    expect(readHelpTable(dir)).toEqual(table);
    appendFileSync(`${dist}/cli/commands/run.js`, '// an edit\n');
    expect(readHelpTable(dir)).toBeUndefined();
    rmSync(dist, { recursive: true });
  });

  it('so a mistake beside --help or --version still gets yargs\' answer: one line, exit 2', async () => {
    const r = await incisim(['run', '--helpp']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'incisim: Not enough non-option arguments: got 0, need at least 1 (see incisim --help)\n' });
    const s = await incisim(['nosuch', '--help']);
    expect(s.status).toBe(0); // yargs prints the top-level help for an unknown command asked for help
    expect(s).toEqual(await viaYargs(['nosuch', '--help']));
  });
});

/** The files `incisim <argv>` loads (ES modules and CommonJS), as Node's own debug log lists them. */
async function loaded(argv: string[]): Promise<string[]> {
  const r = await incisim(argv, { ...process.env, NODE_DEBUG: 'esm,module' });
  expect(r.status, r.stderr).toBe(0);
  const esm = [...r.stderr.matchAll(/Storing (file:\S+)/g)].map((m) => m[1]);
  const cjs = [...r.stderr.matchAll(/load "([^"]+)" for module/g)].map((m) => pathToFileURL(m[1]).href);
  return [...new Set([...esm, ...cjs])];
}

describe('what start-up loads', () => {
  it('an exact help request: the entry and fast.ts, no yargs and no command', async () => {
    const files = (await loaded(['run', '--help'])).map((u) => u.replace(pathToFileURL(resolve('.')).href, ''));
    expect(files).toEqual(['/bin/incisim.js', '/dist/cli/fast.js']);
  });

  it('validate: the compiled schema check, not ajv\'s compiler nor the TypeBox definition', async () => {
    const files = await loaded(['validate', 'scenarios/default.yaml']);
    expect(files.filter((u) => u.endsWith('/dist/scenario/load.js') || u.endsWith('/node_modules/yaml/dist/index.js'))).toHaveLength(2);
    expect(files.filter((u) => u.includes('@sinclair/typebox') || u.endsWith('/dist/scenario/schema.js'))).toEqual([]);
    expect(files.filter((u) => u.includes('/node_modules/ajv/') && !u.includes('/node_modules/ajv/dist/runtime/'))).toEqual([]);
  });
});
