import yargs, { type Argv } from 'yargs';
import { isUserError, UserError } from '../errors.js';
import { checkOptionValues, type DeclaredOptions } from './options.js';
import { commands } from './commands/index.js';
import { VERSION } from '../version.js';

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

/**
 * Entry point of the `incisim` command. Returns the exit code: 0 on success, 2 for a user
 * error (printed as one line on stderr, no stack trace), 1 for a bug (printed with its stack).
 *
 * Every command's options are checked before its handler runs, so that a mistake on the command
 * line does no work and writes nothing: an unknown option or extra argument (strict mode), an
 * option given twice (refused, except the list options such as --set), and a value that is not
 * what the option takes (see options.ts).
 */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedStdout();
  // Runs before yargs' own validation and before any handler (yargs passes the command's instance).
  const checkOptions = (args: Record<string, unknown>, y: { getOptions(): DeclaredOptions }) => checkOptionValues(args, y.getOptions(), argv);
  let cli: Argv = yargs(argv)
    .scriptName('incisim')
    .usage('$0 <command> [options]\n\nDiscrete-event capacity simulator for IT incident management.')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'name a command')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .middleware(checkOptions as never, true)
    .fail((msg, err) => {
      // Thrown (not recorded) so that the handler never runs after a usage error.
      if (err) throw err;
      throw new UserError(`${msg} (see incisim --help)`);
    });
  for (const command of commands) cli = cli.command(command);
  try {
    await cli.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(`incisim: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`incisim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
