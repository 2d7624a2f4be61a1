import type { CommandModule } from 'yargs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { AssignmentEngine } from '../../engine/engine.js';
import { applyEvent, parseEvent } from '../../engine/events.js';
import type { RosterSpec } from '../../engine/types.js';
import { UserError, isUserError } from '../../errors.js';
import { createStream } from '../../kernel/rng.js';
import { readTextFile, regularFileStream } from '../../io/files.js';

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
 * Output is written with backpressure: when stdout's buffer is full, reading stops until it
 * drains, so a slow reader holds memory flat and still receives every decision.
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
    const input = args.events !== undefined ? regularFileStream(args.events, 'the events') : process.stdin;
    const out = new LineWriter(process.stdout);
    let lineNo = 0;
    let bad = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      if (line.trim() === '') continue;
      const where = `${name}:${lineNo}`;
      try {
        for (const d of applyEvent(engine, parseEvent(line, where))) out.line(JSON.stringify(d, withoutHandles));
        await out.flushIfFull();
      } catch (e) {
        if (!isUserError(e)) throw e;
        bad++;
        process.stderr.write(`incisim: ${e.message.startsWith(where) ? e.message : `${where}: ${e.message}`}\n`);
      }
    }
    await out.end();
    if (args.bias !== undefined) {
      for (const r of engine.biasAudit(args.bias)) {
        if (r.flagged) process.stderr.write(`incisim: bias: ${r.engineerId} had ${r.assignments} of the ${r.priority} assignments in ${r.team} (${Math.round(r.share * 100)}% > ${Math.round(args.bias * 100)}%)\n`);
      }
    }
    if (bad > 0) process.exitCode = 2;
  },
};

/**
 * Lines to a stream with backpressure: lines gather in a block of up to 64 KiB (one write per
 * block, not per decision), and once the stream's buffer is over its high-water mark the caller
 * waits for 'drain' before reading more. A live caller (`tail -f | incisim assign`) still sees
 * each decision at once: a block is flushed whenever the input has no further line ready.
 */
export class LineWriter {
  private block = '';
  private flushing: NodeJS.Immediate | undefined;
  constructor(private readonly stream: Writable) {}

  /** Queues one line (without its line end). */
  line(text: string): void {
    this.block += text + '\n';
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): boolean {
    this.flushing = undefined;
    if (this.block === '') return !this.stream.writableNeedDrain;
    const text = this.block;
    this.block = '';
    return this.stream.write(text);
  }

  /** Writes the block when it is large, then waits while the stream is over its high-water mark. */
  async flushIfFull(): Promise<void> {
    if (this.block.length >= 1 << 16) this.flush();
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Writes what is left and waits until the stream has taken it. */
  async end(): Promise<void> {
    if (this.flushing) clearImmediate(this.flushing);
    if (!this.flush()) await once(this.stream, 'drain');
  }
}

function readRoster(file: string): RosterSpec {
  const text = readTextFile(file, 'the roster');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${file}: expected a JSON object with teams and engineers`);
  return raw as RosterSpec;
}
