import type { CommandModule } from 'yargs';
import { UserError } from '../../errors.js';
import { agentsForServiceLevel, averageSpeedOfAnswer, erlangC, occupancy, offeredLoad, serviceLevel } from '../../analytic/erlang.js';
import { formatDuration, parseDuration } from '../../kernel/duration.js';

interface ErlangArgs {
  rate: string;
  aht: string;
  target: string;
  sl?: number;
  agents?: number;
  shrinkage: number;
  json?: boolean;
}

/**
 * Parse an arrival rate into arrivals per hour: `200/h`, `100/30m`, `4800/d`, `1/90s`, or a plain
 * number (per hour). Throws a UserError naming `--rate` otherwise.
 */
export function parseRate(text: string): number {
  const fail = (): never => {
    throw new UserError(`--rate: invalid arrival rate ${JSON.stringify(text)}; expected arrivals per period > 0 such as 200/h, 100/30m, 4800/d or a plain number per hour`);
  };
  const m = /^\s*([0-9.eE+-]+)\s*(?:\/\s*(\S.*))?$/.exec(String(text));
  if (m === null) return fail();
  const count = Number(m[1]);
  if (!Number.isFinite(count) || count <= 0) return fail();
  if (m[2] === undefined) return count;
  let per: number;
  try {
    per = parseDuration(/^[a-z]/i.test(m[2].trim()) ? `1${m[2].trim()}` : m[2], '--rate');
  } catch {
    return fail();
  }
  if (per <= 0) return fail();
  return (count * 60) / per;
}

/** One row of the table: the figures for a number of agents. */
export interface ErlangRow {
  agents: number;
  positions: number;
  probabilityOfWait: number;
  serviceLevel: number;
  asaMinutes: number;
  occupancy: number;
}

function row(q: { arrivalsPerHour: number; ahtMinutes: number; targetMinutes: number }, agents: number, shrinkage: number): ErlangRow {
  const one = { ...q, agents };
  return {
    agents,
    positions: Math.ceil(agents / (1 - shrinkage) - 1e-9),
    probabilityOfWait: erlangC(agents, offeredLoad(q)),
    serviceLevel: serviceLevel(one),
    asaMinutes: averageSpeedOfAnswer(one),
    occupancy: occupancy(one),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** `incisim erlang`: its options and what it does (its name and summary are in ./index.ts). */
export const erlangCommand: CommandModule<object, ErlangArgs> = {
  builder: (y) =>
    y
      .option('rate', { alias: 'arrivals', type: 'string', demandOption: true, describe: 'arrival rate: 200/h, 100/30m, 4800/d (plain number = per hour)' })
      .option('aht', { type: 'string', demandOption: true, describe: 'average handling time: 3m, 1h30m, 90s (plain number = minutes)' })
      .option('target', { type: 'string', default: '20s', describe: 'answer-time target of the service level' })
      .option('sl', { type: 'number', describe: 'service-level goal as a share (0.8 = 80% within --target): find the agents needed' })
      .option('agents', { type: 'number', describe: 'evaluate this number of agents instead of sizing' })
      .option('shrinkage', { type: 'number', default: 0, describe: 'share of paid time unavailable (0.3 = 30%): positions = ceil(agents / (1 − shrinkage))' })
      .option('json', { type: 'boolean', describe: 'print the answer and the table as JSON' })
      .example('$0 erlang --rate 200/h --aht 3m --target 20s --sl 0.8 --shrinkage 0.3', 'agents for 80% answered within 20 s')
      .example('$0 erlang --rate 100/30m --aht 3m --agents 13', 'service level of 13 agents'),
  handler: (args) => {
    const arrivalsPerHour = parseRate(args.rate);
    const ahtMinutes = parseDuration(args.aht, '--aht');
    if (ahtMinutes <= 0) throw new UserError(`--aht: invalid handling time ${JSON.stringify(args.aht)}; expected a duration > 0 such as 3m`);
    const targetMinutes = parseDuration(args.target, '--target');
    const shrinkage = args.shrinkage;
    if (!Number.isFinite(shrinkage) || shrinkage < 0 || shrinkage >= 1) throw new UserError(`--shrinkage: invalid share ${args.shrinkage}; expected a number in [0, 1) such as 0.3`);
    const q = { arrivalsPerHour, ahtMinutes, targetMinutes };
    const load = offeredLoad(q);
    let chosen: number;
    if (args.agents !== undefined) {
      if (!Number.isInteger(args.agents) || args.agents < 1) throw new UserError(`--agents: invalid number ${args.agents}; expected a whole number ≥ 1`);
      if (args.sl !== undefined) throw new UserError('--agents and --sl: give one of them (--agents evaluates a headcount, --sl finds one)');
      chosen = args.agents;
    } else if (args.sl !== undefined) {
      if (!Number.isFinite(args.sl) || args.sl <= 0 || args.sl >= 1) throw new UserError(`--sl: invalid service level ${args.sl}; expected a share strictly between 0 and 1 such as 0.8`);
      chosen = agentsForServiceLevel({ ...q, serviceLevel: args.sl, shrinkage }).agents;
    } else {
      throw new UserError('erlang: give --sl (a service-level goal such as 0.8, to find the agents needed) or --agents (a headcount to evaluate)');
    }
    const first = Math.max(1, Math.floor(load) + 1, chosen - 3);
    const rows: ErlangRow[] = [];
    for (let n = Math.min(first, chosen); n <= chosen + 3; n++) rows.push(row(q, n, shrinkage));
    const answer = row(q, chosen, shrinkage);
    if (args.json) {
      const input = { arrivalsPerHour, ahtMinutes, targetMinutes, serviceLevelGoal: args.sl ?? null, shrinkage };
      process.stdout.write(JSON.stringify({ input, offeredErlangs: load, answer, rows }, null, 2) + '\n');
      return;
    }
    const out: string[] = [];
    out.push(`offered load ${load.toFixed(3)} Erlangs (${Number(arrivalsPerHour.toPrecision(6))} arrivals/h × ${formatDuration(ahtMinutes)} AHT), service level = answered within ${formatDuration(targetMinutes)}`);
    out.push(`${'agents'.padStart(6)} ${'positions'.padStart(9)} ${'P(wait)'.padStart(8)} ${'SL'.padStart(7)} ${'ASA'.padStart(9)} ${'occupancy'.padStart(9)}`);
    for (const r of rows) {
      const asa = Number.isFinite(r.asaMinutes) ? `${(r.asaMinutes * 60).toFixed(1)}s` : '∞';
      const mark = r.agents === chosen ? '  ←' : '';
      out.push(`${String(r.agents).padStart(6)} ${String(r.positions).padStart(9)} ${r.probabilityOfWait.toFixed(4).padStart(8)} ${pct(r.serviceLevel).padStart(7)} ${asa.padStart(9)} ${pct(r.occupancy).padStart(9)}${mark}`);
    }
    if (args.sl !== undefined) out.push(`answer: ${chosen} agents (${pct(answer.serviceLevel)} within ${formatDuration(targetMinutes)} ≥ ${pct(args.sl)}), ${answer.positions} positions at ${pct(shrinkage)} shrinkage`);
    else out.push(`${chosen} agents: ${pct(answer.serviceLevel)} within ${formatDuration(targetMinutes)}, P(wait) ${answer.probabilityOfWait.toFixed(4)}, ASA ${(answer.asaMinutes * 60).toFixed(1)}s, occupancy ${pct(answer.occupancy)}`);
    process.stdout.write(out.join('\n') + '\n');
  },
};
