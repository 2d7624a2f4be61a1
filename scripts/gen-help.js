#!/usr/bin/env node
// Writes dist/cli/help.json (see src/cli/fast.ts): what the real command line (dist/cli/main.js:
// yargs and every command's builder) prints on stdout for `incisim --version`, `incisim --help` and
// `incisim <command> --help` for every command and subcommand (found in the "Commands:" lists of
// the help texts themselves). They are collected in a child process whose stdout is a pipe, as
// bin/incisim.js sees it when it answers from the table; a request that does not exit 0 with
// nothing on stderr fails the build. Run by `npm run build`, after tsc; always from the current
// commands, so the table cannot be stale. test/cli/help.test.ts checks every entry against yargs
// run in its own process, and that every command has one.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HELP_WIDTH, helpKey, helpWidth } from '../dist/cli/fast.js';

/** The command paths a help text lists under "Commands:" (`incisim serve token <action>` → serve token). */
function listedCommands(text) {
  const section = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(text)?.[1] ?? '';
  return section.split('\n').map((line) => /^ {2}incisim ((?:[a-z][a-z-]* ?)+)/.exec(line)?.[1]?.trim().split(' ')).filter((p) => p !== undefined);
}

/** In the child: runs main() on each request, capturing stdout and stderr; prints the table as JSON. */
async function collect() {
  const { main } = await import('../dist/cli/main.js');
  const streams = { stdout: process.stdout, stderr: process.stderr };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  async function run(argv) {
    const got = { stdout: '', stderr: '' };
    for (const k of ['stdout', 'stderr']) streams[k].write = (chunk) => ((got[k] += String(chunk)), true);
    let code;
    try {
      code = await main(argv);
    } finally {
      for (const k of ['stdout', 'stderr']) streams[k].write = write[k];
    }
    if (code !== 0 || got.stderr !== '') throw new Error(`gen-help: incisim ${argv.join(' ')} exited ${code}: ${got.stderr}`);
    return got.stdout;
  }
  const answers = { [helpKey(['--version'])]: await run(['--version']) };
  const queue = [[]];
  while (queue.length > 0) {
    const path = queue.shift();
    const text = await run([...path, '--help']);
    answers[helpKey([...path, '--help'])] = text;
    for (const sub of listedCommands(text)) if (sub.length === path.length + 1) queue.push(sub);
  }
  process.stdout.write(JSON.stringify({ width: helpWidth(process.stdout.columns), answers }));
}

if (process.argv[2] === '--collect') await collect();
else {
  const table = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--collect'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 }));
  if (table.width !== HELP_WIDTH) throw new Error(`gen-help: the texts were laid out at ${table.width} columns, expected ${HELP_WIDTH}`);
  if (Object.keys(table.answers).length < 3) throw new Error('gen-help: found no commands in incisim --help');
  // the files the texts come from, by size (fast.ts ignores the table once one differs)
  const cli = new URL('../dist/cli/', import.meta.url);
  const files = ['../version.js', ...readdirSync(cli, { recursive: true }).filter((f) => f.endsWith('.js')).sort().map((f) => `./${f}`)];
  table.sources = Object.fromEntries(files.map((f) => [f, statSync(new URL(f, cli)).size]));
  writeFileSync(new URL('help.json', cli), `${JSON.stringify(table, null, 1)}\n`);
}
