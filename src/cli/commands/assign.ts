import type { CommandModule } from 'yargs';
import { createReadStream, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AssignmentEngine } from '../../engine/engine.js';
import { applyEvent, parseEvent } from '../../engine/events.js';
import type { RosterSpec } from '../../engine/types.js';
import { UserError, isUserError } from '../../errors.js';
import { createStream } from '../../kernel/rng.js';

interface AssignArgs {
  roster: string;
  events?: string;
  seed: string;
  bias?: number;
}

/**
 * `incisim assign`: the live face of the assignment engine. Reads JSON-lines events (ticket
 * arrivals, acknowledgements, resolutions, reassignments, presence and team changes) from a file
 * or stdin and writes each decision as one JSON line as soon as it is made. A bad line is reported
 * on stderr (`incisim: <file>:<line>: …`) and skipped; the exit code is then 2 at the end.
 */
/** Decisions are printed without the engine's handles (numbers local to this process; ids say it all). */
const withoutHandles = (key: string, value: unknown): unknown => (key === 'incident' || key === 'engineer' ? undefined : value);

/** `incisim assign`: its options and what it does (its name and summary are in ./index.ts). */
export const assignCommand: CommandModule<object, AssignArgs> = {
  builder: (y) =>
    y
      .option('roster', { type: 'string', demandOption: true, describe: 'roster JSON: teams, engineers, routing (see scenarios/assign/roster.json)' })
      .option('events', { type: 'string', describe: 'JSON-lines events file (default: stdin)' })
      .option('seed', { type: 'string', default: '1', describe: 'seed of the random stream (random policy, ties)' })
      .option('bias', { type: 'number', describe: 'at the end, warn on stderr about anyone above this share (0–1) of a priority in their team' })
      .example('$0 assign --roster scenarios/assign/roster.json --events scenarios/assign/events.jsonl', 'replay the sample events')
      .example('tail -f events.jsonl | $0 assign --roster roster.json', 'decide live') as never,
  handler: async (args) => {
    const engine = new AssignmentEngine(readRoster(args.roster), { random: createStream(args.seed), source: args.roster });
    const name = args.events ?? 'stdin';
    const input = args.events !== undefined ? createReadStream('', { fd: openEvents(args.events) }) : process.stdin;
    let lineNo = 0;
    let bad = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (line.trim() === '') continue;
      const where = `${name}:${lineNo}`;
      try {
        for (const d of applyEvent(engine, parseEvent(line, where))) process.stdout.write(`${JSON.stringify(d, withoutHandles)}\n`);
      } catch (e) {
        if (!isUserError(e)) throw e;
        bad++;
        process.stderr.write(`incisim: ${e.message.startsWith(where) ? e.message : `${where}: ${e.message}`}\n`);
      }
    }
    if (args.bias !== undefined) {
      for (const r of engine.biasAudit(args.bias)) {
        if (r.flagged) process.stderr.write(`incisim: bias: ${r.engineerId} had ${r.assignments} of the ${r.priority} assignments in ${r.team} (${Math.round(r.share * 100)}% > ${Math.round(args.bias * 100)}%)\n`);
      }
    }
    if (bad > 0) process.exitCode = 2;
  },
};

function openEvents(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    throw new UserError(`${file}: cannot read the events (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function readRoster(file: string): RosterSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the roster (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${file}: expected a JSON object with teams and engineers`);
  return raw as RosterSpec;
}
