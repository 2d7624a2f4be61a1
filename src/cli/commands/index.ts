import type { CommandModule } from 'yargs';
import { runCommand } from './run.js';
import { mergeCommand } from './merge.js';
import { compareCommand } from './compare.js';
import { staffCommand } from './staff.js';
import { drillCommand } from './drill.js';
import { importCommand } from './import.js';
import { fitCommand } from './fit.js';
import { replayCommand } from './replay.js';
import { assignCommand } from './assign.js';
import { erlangCommand } from './erlang.js';
import { validateCommand } from './validate.js';

/**
 * Every `incisim` subcommand, one module per file in this folder. Add a command by importing its
 * module here; order is the order of `incisim --help`.
 */
export const commands: CommandModule<any, any>[] = [
  runCommand,
  mergeCommand,
  compareCommand,
  staffCommand,
  drillCommand,
  importCommand,
  fitCommand,
  replayCommand,
  assignCommand,
  erlangCommand,
  validateCommand,
];
