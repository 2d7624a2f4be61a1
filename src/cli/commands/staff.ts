import type { CommandModule } from 'yargs';
import cliProgress from 'cli-progress';
import { join } from 'node:path';
import { durationText, parseStaffTarget, staff, type StaffResult } from '../../decide/staff.js';
import { writeFolderAtomically, writeText } from '../../io/outputs.js';
import type { Estimate } from '../../metrics/types.js';
import { buildStaffingReport } from '../../report/staff-report.js';
import { writeReport } from '../../report/write.js';
import { reportFolder } from './shared.js';

interface StaffArgs {
  file: string;
  target?: string[];
  team?: string[];
  window?: string;
  replications?: number;
  confidence?: 'interval' | 'mean';
  peak?: number;
  withPeaks?: boolean;
  set?: string[];
  json?: boolean;
  out?: string;
  workers?: number;
}

const pct = (e: Estimate | undefined) => (e ? `${(e.mean * 100).toFixed(1)}% [${(e.ci95[0] * 100).toFixed(1)}, ${(e.ci95[1] * 100).toFixed(1)}]` : 'no incidents');
const shellQuote = (s: string) => (/^[\w.,=[\]/:+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Left-aligned first column, the rest right-aligned, two spaces of indent. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, k) => (k === 0 || k === r.length - 1 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('   ').trimEnd()}\n`).join('');
}

/** The answer as the terminal shows it. */
export function staffText(r: StaffResult): string {
  let out = '';
  const rule = r.confidence === 'interval' ? 'its lower 95% bound' : 'its mean';
  out += `${r.scenario}: staffing for ${r.targets.length} target${r.targets.length === 1 ? '' : 's'} on incidents opened ${r.window.fromDate} – ${r.window.toDate} (${r.window.source})\n`;
  out += `load: ${r.load.text}\n`;
  out += `${r.replications} replications per roster, the same ones for every roster; a target holds when ${rule} reaches the share\n`;
  const impossible = r.targets.filter((t) => !t.feasible);
  out += `\n${r.met ? `answer: every target ${impossible.length ? 'headcount can meet is met' : 'is met'}` : `answer: targets NOT met: ${r.note}`}${impossible.length ? `; ${impossible.length} cannot be met by headcount (below): held at what headcount reaches` : ''}\n`;
  for (const team of r.teams) {
    out += `\n${team.team}: ${team.today} → ${team.answer} engineers${team.onCall ? `, ${team.onCall.today} → ${team.onCall.answer} on call at once outside shifts` : ''}; ${team.engineerHoursPerWeek.today.toFixed(0)} → ${team.engineerHoursPerWeek.answer.toFixed(0)} engineer-hours a week on shift\n`;
    const rows = [['shift', 'today', 'Erlang C', 'answer', 'minus one engineer']];
    for (const u of r.units.filter((x) => x.team === team.team)) {
      const a = u.analytic;
      const erl = a.engineers !== undefined ? `${a.engineers} (${a.offeredErlangs.toFixed(2)} E)` : u.kind === 'oncall' ? '–' : `– (${a.offeredErlangs.toFixed(2)} E)`;
      const minus = u.minusOne
        ? u.minusOne.meets ? 'still meets (noise)' : u.minusOne.invalid ? `${u.minusOne.count}: ${u.minusOne.invalid}` : `${u.minusOne.count}: misses ${u.minusOne.missed.map((m) => `${m.target} (${m.attainment ? (m.attainment.mean * 100).toFixed(1) + '%' : '–'})`).join(', ')}`
        : `at its minimum`;
      const label = u.key.slice(u.team.length + 1) === u.shift ? u.shift : `${u.key.slice(u.team.length + 1)} (${u.shift})`;
      rows.push([label, String(u.today), erl, String(u.answer), minus]);
    }
    out += table(rows);
    for (const u of r.units.filter((x) => x.team === team.team && x.kind === 'team')) {
      out += `  ${u.key}, today → answer: ${u.groups!.map((g) => `${g.group} ${g.today} → ${g.answer}`).join(', ')}\n`;
    }
    for (const u of r.units.filter((x) => x.team === team.team && x.kind === 'named')) {
      out += `  ${u.key}: keeps ${u.kept!.join(', ') || 'nobody'}${u.removed!.length ? `; removes ${u.removed!.join(', ')} (least needed)` : ''}${u.added ? `; adds ${u.added} cop${u.added === 1 ? 'y' : 'ies'} of the template` : ''}\n`;
    }
  }
  out += '\ntargets in the window\n';
  const trows = [['target', 'today', 'answer', 'best reachable (ceiling)', 'binds']];
  for (const t of r.targets) trows.push([t.text, pct(t.today), pct(t.answer), pct(t.best), t.binding.length ? [...new Set(t.binding.map((b) => b.team))].join(', ') : t.feasible ? 'not binding' : 'headcount cannot meet it']);
  out += table(trows);
  if (r.weeks.length > 1) {
    out += '\nattainment per week (answer; * below the share)\n';
    const wrows = [['target', ...r.weeks.map((w) => w.label)]];
    for (const t of r.targets) wrows.push([t.text, ...t.weekly.map((e) => (e ? `${(e.mean * 100).toFixed(1)}%${(r.confidence === 'interval' ? e.ci95[0] : e.mean) < t.share ? '*' : ''}` : '–'))]);
    out += table(wrows);
  }
  for (const t of impossible) {
    const f = t.infeasible!;
    out += f.unproven
      ? `\n${t.text} is not shown reachable with ${r.replications} replications: at the ceiling (every shift at least doubled) it reaches ${pct(t.best)}, whose ${r.confidence === 'interval' ? 'lower bound' : 'mean'} is below ${(t.share * 100).toFixed(0)}%; more replications may show it met.`
      : `\n${t.text} cannot be met by headcount: at the ceiling (every shift at least doubled) it reaches ${pct(t.best)}.`;
    out += ` The answer holds it at what headcount reaches, a mean of at least ${Math.round(f.reachable * 100)}% (the ceiling's ${r.confidence === 'interval' ? 'lower bound' : 'mean'}, rounded down): ${pct(t.answer)}, ${(f.gap * 100).toFixed(1)} points against the ceiling (paired).\n`;
    out += `  missed even then (per replication, of ${t.incidents.toFixed(1)} in the window):\n`;
    for (const c of t.impossible ?? []) {
      const why = [c.work ? `${c.work.toFixed(1)} whose work alone is longer than the target` : '', c.acknowledgement ? `${c.acknowledgement.toFixed(1)} acknowledged later than the target` : '', c.other ? `${c.other.toFixed(1)} waiting on call, for a shift or hand-offs` : ''].filter(Boolean).join(', ');
      out += `    ${c.class} at ${c.team}: ${c.missed.toFixed(1)} of ${c.incidents.toFixed(1)} (${why})\n`;
    }
  }
  const d = r.engineerHoursPerWeek;
  out += `\nengineer-hours per week (scheduled shifts; on-call not counted): today ${d.today.toFixed(0)}, answer ${d.answer.toFixed(0)} (${d.change >= 0 ? '+' : ''}${d.change.toFixed(0)})\n`;
  out += `reproduce: incisim run ${r.file}${[...r.load.set, ...r.set].map((s) => ` --set ${shellQuote(s)}`).join('')}\n`;
  return out;
}

/** `incisim staff <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const staffCommand: CommandModule<object, StaffArgs> = {
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario file' })
      .option('target', { type: 'string', array: true, describe: '"P1 respond 15m 95%", "P3 resolve 3d 90%" (default: the scenario\'s SLA targets)' })
      .option('window', { type: 'string', describe: 'measure the targets on incidents opened FROM..TO (dates, or names of the scenario\'s peaks; default: the span of its peaks, else the measured period)' })
      .option('team', { type: 'string', array: true, describe: 'teams to size (default: every team with work on the targeted paths)' })
      .option('replications', { type: 'number', describe: 'replications per roster' })
      .option('confidence', { choices: ['interval', 'mean'] as const, default: 'interval' as const, describe: 'a target holds when the lower 95% bound (interval) or the mean meets it' })
      .option('peak', { type: 'number', describe: 'scale every class\'s base rate by this factor (the scenario\'s own peaks are then left out)' })
      .option('with-peaks', { type: 'boolean', describe: 'with --peak: keep the scenario\'s own peaks on top (compounding)' })
      .option('set', { type: 'string', array: true, describe: 'scenario override' })
      .option('json', { type: 'boolean', describe: 'print the answer as JSON' })
      .option('out', { type: 'string', describe: 'report folder (default reports/<scenario>-staffing)' })
      .option('workers', { type: 'number', describe: 'threads running replications, this one included (default: one per 125,000 expected incidents of the run, up to the cores)' })
      .example('$0 staff scenarios/peak-season.yaml', 'the peak-season roster per team and shift')
      .example('$0 staff scenarios/peak-season.yaml --window thanksgiving-to-cyber-monday --target "P2 resolve 8h 90%"', 'one target, Black Friday to Cyber Monday'),
  handler: async (args) => {
    const targets = (args.target ?? []).map((t) => parseStaffTarget(t));
    const tty = process.stderr.isTTY && !args.json;
    const bar = tty ? new cliProgress.SingleBar({ stream: process.stderr, format: 'staffing [{bar}] {percentage}%  roster {rosters}  eta {eta_formatted}', hideCursor: true, clearOnComplete: true, etaBuffer: 40 }, cliProgress.Presets.shades_classic) : undefined;
    let started = false;
    let rosters = 0;
    let result: StaffResult;
    try {
      result = await staff(args.file, {
        targets, teams: args.team, window: args.window, replications: args.replications, confidence: args.confidence, peakFactor: args.peak, keepPeaks: args.withPeaks, set: args.set, workers: args.workers,
        onEvaluation: () => rosters++,
        onProgress: (done, total) => {
          if (!bar) return;
          if (!started) bar.start(total, 0, { rosters: 1 });
          started = true;
          bar.setTotal(Math.max(total, done + 1));
          bar.update(done, { rosters: rosters + 1 });
        },
      });
    } finally {
      bar?.stop();
    }
    const dir = args.out ?? reportFolder(result.scenario, '-staffing');
    await writeFolderAtomically(dir, async (tmp) => {
      writeText(tmp, 'staffing.json', JSON.stringify(result, null, 2) + '\n');
      await writeReport(tmp, buildStaffingReport(result, { runDate: new Date().toISOString() }), { formats: ['html', 'json', 'csv'] });
    });
    // Exit 3 when a target headcount can meet is not met (as a failed drill expectation does).
    if (!result.met) process.exitCode = 3;
    if (args.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      return;
    }
    process.stdout.write(staffText(result));
    process.stdout.write(`wrote ${dir}/\n`);
  },
};
