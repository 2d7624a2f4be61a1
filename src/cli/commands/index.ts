import type { CommandModule } from 'yargs';

/**
 * Every `incisim` subcommand, one module per file in this folder. Add a command by importing its
 * module here; order is the order of `incisim --help`.
 */
export const commands: CommandModule<any, any>[] = [];
