import type { CommandModule } from 'yargs';

/**
 * Every `incisim` subcommand, one module per file in this folder; order is the order of
 * `incisim --help`. A command's module is loaded only when that command runs (or its own --help
 * is asked for): `incisim --help` loads none of them, so it costs little beyond Node and yargs.
 * Add a command with its name, summary and module here; the module exports its CommandModule
 * with `builder` and `handler` only.
 */
export const commands: CommandModule<any, any>[] = [
  lazy('run <file>',
    'simulate a scenario and write reports/<scenario>/ (summary.json, incidents.csv, index.html)',
    async () => (await import('./run.js')).runCommand),
  lazy('merge <files..>',
    'combine the partial results of incisim run --shard into the summary and report of one run',
    async () => (await import('./merge.js')).mergeCommand),
  lazy('compare <file>',
    'run variants of a scenario on the same replications and give paired differences against a baseline',
    async () => (await import('./compare.js')).compareCommand),
  lazy('staff <file>',
    'find the smallest roster per team and shift that meets the SLA targets in a window (Erlang C start, then simulation)',
    async () => (await import('./staff.js')).staffCommand),
  lazy('drill <file>',
    'rehearse an escalation: inject incidents, silence people, check expectations (exit 0 only if all hold)',
    async () => (await import('./drill.js')).drillCommand),
  lazy('import <file>',
    'read a ticket export or event log (CSV or CSV.gz: ServiceNow, Jira, PagerDuty, or generic with a mapping; XES event logs), check it, and summarise it',
    async () => (await import('./import.js')).importCommand),
  lazy('fit <file>',
    'fit a scenario to history: from an event log the capacity model (work content, headcount, presence, paths, pending; staffing binds), else elapsed-time fits',
    async () => (await import('./fit.js')).fitCommand),
  lazy('replay <file>',
    'run the historical arrivals (times, priorities, groups) through a scenario\'s staffing and routing; simulated beside observed',
    async () => (await import('./replay.js')).replayCommand),
  lazy('backtest <file>',
    'fit the capacity model on training weeks, simulate test weeks (their own arrivals and headcount, and the forecast), compare with the log',
    async () => (await import('./backtest.js')).backtestCommand),
  lazy('assign',
    'run the assignment engine on a stream of JSON-lines events, one decision per line on stdout',
    async () => (await import('./assign.js')).assignCommand),
  lazy('serve [scenario]',
    'run the assignment engine and escalation policies live: webhook intake, journal, roles, dashboard (serve token create makes tokens)',
    async () => (await import('./serve.js')).serveCommand),
  lazy('erlang',
    'Erlang C: service level, speed of answer and occupancy by number of agents, and the agents a target needs',
    async () => (await import('./erlang.js')).erlangCommand),
  lazy('validate [files..]',
    'check scenario files (every problem, one line each, exit 2 if any); --schema prints the JSON Schema',
    async () => (await import('./validate.js')).validateCommand),
];

/** A command whose module is imported on first use (yargs accepts a builder that returns a promise). */
function lazy(command: string, describe: string, load: () => Promise<CommandModule<any, any>>): CommandModule<any, any> {
  return {
    command,
    describe,
    builder: async (y) => {
      const { builder } = await load();
      return typeof builder === 'function' ? builder(y) : y.options(builder ?? {});
    },
    handler: async (args) => (await load()).handler(args),
  };
}
