import type { CommandModule } from 'yargs';
import { join } from 'node:path';
import { parseStaffTarget, staff } from '../../decide/staff.js';
import { writeFolderAtomically, writeText } from '../../io/outputs.js';
import { buildStaffingReport } from '../../report/staff-report.js';
import { writeReport } from '../../report/write.js';

interface StaffArgs {
  file: string;
  target?: string[];
  team?: string[];
  replications?: number;
  confidence?: 'interval' | 'mean';
  peak?: number;
  set?: string[];
  json?: boolean;
  out?: string;
  workers?: number;
}

/** `incisim staff <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const staffCommand: CommandModule<object, StaffArgs> = {
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario file' })
      .option('target', { type: 'string', array: true, describe: '"P1 respond 15m 95%", "P3 resolve 3d 90%" (default: the scenario\'s SLA targets)' })
      .option('team', { type: 'string', array: true, describe: 'teams to size (default: all)' })
      .option('replications', { type: 'number', describe: 'replications per evaluation' })
      .option('confidence', { choices: ['interval', 'mean'] as const, default: 'interval' as const, describe: 'a target holds when the lower 95% bound (interval) or the mean meets it' })
      .option('peak', { type: 'number', describe: 'also size for arrivals scaled by this factor (e.g. 2.5)' })
      .option('set', { type: 'string', array: true, describe: 'scenario override' })
      .option('json', { type: 'boolean', describe: 'print the answer as JSON' })
      .option('out', { type: 'string', describe: 'report folder (default reports/<scenario>-staffing)' })
      .option('workers', { type: 'number', describe: 'threads running replications, this one included (default: the number of cores)' })
      .example('$0 staff scenarios/peak-season.yaml --target "P2 resolve 8h 90%" --team ecommerce --peak 2.5', 'base and Black Friday staffing'),
  handler: async (args) => {
    const targets = (args.target ?? []).map((t) => parseStaffTarget(t));
    const result = await staff(args.file, {
      targets, teams: args.team, replications: args.replications, confidence: args.confidence, peakFactor: args.peak, set: args.set, workers: args.workers,
      onEvaluation: (e, label) => {
        if (!args.json) process.stderr.write(`  ${label}: ${Object.entries(e.counts).map(([t, n]) => `${t}=${n}`).join(' ')} → ${e.meets ? 'meets' : 'misses'}\n`);
      },
    });
    const name = args.file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
    const dir = args.out ?? join('reports', `${name}-staffing`);
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'staffing.json', JSON.stringify(result, null, 2) + '\n');
      await writeReport(tmp, buildStaffingReport(name, result), { formats: ['html', 'json', 'csv'] });
    });
    // Exit 3 when some load has no roster meeting every target (as a failed drill expectation does).
    if (result.answers.some((a) => !a.met)) process.exitCode = 3;
    if (args.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    for (const a of result.answers) {
      process.stdout.write(`\n${a.label} load (arrivals × ${a.factor}): ${a.met ? 'targets met' : `targets NOT met: ${a.note ?? 'search limit reached'}`}\n`);
      const rows = [['team', 'analytic (Erlang C)', 'positions (shrinkage)', 'simulated']];
      for (const [team, n] of Object.entries(a.counts)) {
        const an = a.analytic[team];
        rows.push([team, `${an.agents ?? '–'} (${an.offeredErlangs.toFixed(2)} E${an.note ? `; ${an.note}` : ''})`, String(an.positions ?? '–'), String(n)]);
      }
      const widths = rows[0].map((_, k) => Math.max(...rows.map((r) => r[k].length)));
      for (const r of rows) process.stdout.write(`  ${r.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('   ')}\n`);
      const final = a.evaluations.find((e) => Object.entries(a.counts).every(([t, n]) => e.counts[t] === n));
      if (final) for (const [t, e] of Object.entries(final.attainment)) process.stdout.write(`  ${t}: ${e ? `${(e.mean * 100).toFixed(1)}% [${(e.ci95[0] * 100).toFixed(1)}, ${(e.ci95[1] * 100).toFixed(1)}]` : 'no data'}\n`);
    }
    process.stdout.write(`wrote ${dir}/\n`);
  },
};
