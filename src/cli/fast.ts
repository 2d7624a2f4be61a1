/**
 * The start of the `incisim` command before yargs: exact requests for help or the version
 * (`incisim --help`, `incisim <command> --help`, `incisim serve token --help`, `incisim --version`)
 * are answered from a table of the texts yargs itself prints, so they cost little beyond starting
 * Node (importing yargs alone costs about as much again). Anything else, including any other word
 * beside `--help`, goes to yargs (main.ts) as before.
 *
 * The table, dist/cli/help.json, is written by `npm run build` (scripts/gen-help.js) by running the
 * real command line (main.ts and every command's builder) on each of those requests and keeping
 * what it printed on stdout, byte for byte; test/cli/help.test.ts checks every entry against yargs
 * and that every command has one. Where the table is absent, or the command line's files are not
 * the size they were when it was written (a command edited and rebuilt by `tsc` alone), every
 * request goes to yargs. This module imports nothing but node:fs: bin/incisim.js loads it first.
 */
import { readFileSync, statSync } from 'node:fs';

/** The widest help text yargs lays out (main.ts wraps at this width, or the terminal's if narrower). */
export const HELP_WIDTH = 110;

/** The width yargs wraps help at on a terminal `columns` wide (undefined: not a terminal). */
export function helpWidth(columns: number | undefined): number {
  return Math.min(HELP_WIDTH, columns ?? HELP_WIDTH);
}

/** dist/cli/help.json: what `incisim <argv>` prints on stdout (exit 0, nothing on stderr), by argv. */
export interface HelpTable {
  /** the width the texts were laid out at (helpWidth of a pipe) */
  width: number;
  /** the argv words, joined by a space (no request in the table has a space inside a word) */
  answers: Record<string, string>;
  /**
   * the files the texts come from (main.js, the commands, the version; paths relative to this
   * module's folder) and their sizes in bytes when the table was written: sizes, not times,
   * because npm packs files with a fixed time
   */
  sources: Record<string, number>;
}

/** The key of an argv in HelpTable.answers. */
export function helpKey(argv: readonly string[]): string {
  return argv.join(' ');
}

/**
 * The table in `dir` (a folder's URL, ending in /; default: this module's, dist/cli/); undefined
 * when it was not generated or one of its sources has changed since.
 */
export function readHelpTable(dir: URL = new URL('./', import.meta.url)): HelpTable | undefined {
  try {
    const table = JSON.parse(readFileSync(new URL('help.json', dir), 'utf8')) as HelpTable;
    for (const [file, size] of Object.entries(table.sources)) {
      if (statSync(new URL(file, dir)).size !== size) return undefined;
    }
    return table;
  } catch {
    return undefined;
  }
}

/**
 * What `incisim <argv>` prints on stdout when argv is exactly a request in the table (read by
 * `load`, only for words that ask for help or the version) and the text would be laid out at the
 * table's width on a terminal `columns` wide; else undefined (ask yargs).
 */
export function fastAnswer(argv: readonly string[], columns: number | undefined, load: () => HelpTable | undefined = () => readHelpTable()): string | undefined {
  if (argv.length === 0 || argv.length > 4 || !argv.some((a) => a === '--help' || a === '--version')) return undefined;
  const table = load();
  if (table === undefined || helpWidth(columns) !== table.width) return undefined;
  const key = helpKey(argv);
  return Object.hasOwn(table.answers, key) ? table.answers[key] : undefined;
}

let pipeGuard = false;

/**
 * A closed stdout (`incisim assign … | head -1`) ends the command quietly with exit 0: whoever
 * read the output has all they wanted. Installed once per process.
 */
export function endQuietlyOnClosedStdout(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw e;
  });
}
