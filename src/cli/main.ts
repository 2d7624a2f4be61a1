import yargs, { type Argv } from 'yargs';
import { isUserError, UserError } from '../errors.js';
import { checkOptionValues, type DeclaredOptions } from './options.js';
import { commands } from './commands/index.js';
import { VERSION } from '../version.js';
import { endQuietlyOnClosedStdout, helpWidth } from './fast.js';

export { endQuietlyOnClosedStdout };

/**
 * Entry point of the `incisim` command. Returns the exit code: 0 on success, 2 for a user
 * error (printed as one line on stderr, no stack trace), 1 for a bug (printed with its stack).
 *
 * Every command's options are checked before its handler runs, so that a mistake on the command
 * line does no work and writes nothing: an unknown option or extra argument (strict mode), an
 * option given twice (refused, except the list options such as --set), and a value that is not
 * what the option takes (see options.ts).
 *
 * bin/incisim.js answers exact help and version requests from the texts this prints (fast.ts)
 * and calls this for everything else.
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
    .wrap(helpWidth(process.stdout.columns))
    // English whatever the locale: every other word the command prints is (and fast.ts keeps yargs' texts)
    .locale('en')
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
