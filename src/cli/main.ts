import yargs, { type Argv } from 'yargs';
import { isUserError } from '../errors.js';
import { commands } from './commands/index.js';
import { VERSION } from '../version.js';

/**
 * Entry point of the `incisim` command. Returns the exit code: 0 on success, 2 for a user
 * error (printed as one line on stderr, no stack trace), 1 for a bug (printed with its stack).
 */
export async function main(argv: string[]): Promise<number> {
  let usageError: string | undefined;
  let cli: Argv = yargs(argv)
    .scriptName('incisim')
    .usage('$0 <command> [options]\n\nDiscrete-event capacity simulator for IT incident management.')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    });
  for (const command of commands) cli = cli.command(command);
  try {
    const code = await cli.parseAsync();
    void code;
    if (usageError !== undefined) {
      process.stderr.write(`incisim: ${usageError} (see incisim --help)\n`);
      return 2;
    }
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
