import type { CommandModule } from 'yargs';
import { closeSync, openSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeParent } from '../../io/outputs.js';
import { importHistory, PROFILE_NAMES, type ImportOptions, type ImportSummary } from '../../io/import/index.js';
import { incidentLine } from '../../io/import/jsonl.js';
import { weekLocator } from '../../fit/weeks.js';

export interface ImportArgs {
  file: string;
  profile?: string;
  mapping?: string;
  tz?: string;
  strict?: boolean;
  out?: string;
  json?: boolean;
}

/** The options every command that reads an export shares (import, fit, replay). */
export function importOptions(y: import('yargs').Argv<object>) {
  return y
    .option('profile', { type: 'string', default: 'auto', describe: `export format: auto, ${PROFILE_NAMES.join(', ')}` })
    .option('mapping', { type: 'string', describe: 'mapping file (YAML/JSON) for the generic profile' })
    .option('tz', { type: 'string', describe: 'IANA time zone of the dates in the export (default UTC)' })
    .option('strict', { type: 'boolean', default: false, describe: 'fail at the first bad row instead of skipping it' });
}

/** ImportOptions from parsed arguments. */
export function toImportOptions(a: { profile?: string; mapping?: string; tz?: string; strict?: boolean }): ImportOptions {
  return { profile: a.profile, mapping: a.mapping, tz: a.tz, strict: a.strict };
}

/** What `incisim import` reports besides the ImportSummary. */
export interface ImportReport extends ImportSummary {
  timezone: string;
  byPriority: Record<string, number>;
  /** arrivals per ISO week (in --tz), first to last week with arrivals */
  weekly: { week: string; count: number }[];
}

/** `incisim import <file>`: its options and what it does (its name and summary are in ./index.ts). */
export const importCommand: CommandModule<object, ImportArgs> = {
  builder: (y) =>
    importOptions(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'the export (.csv or .csv.gz)' })
      .option('out', { type: 'string', describe: 'also write the normalised incidents, one JSON object per line (.jsonl)' })
      .option('json', { type: 'boolean', describe: 'print the summary as JSON' })
      .example('$0 import incident_event_log.csv.gz --tz UTC --out history.jsonl', 'ServiceNow event log → normalised history')
      .example('$0 import tickets.csv --profile generic --mapping map.yaml', 'any CSV through a mapping file'),
  handler: async (args) => {
    const tz = args.tz ?? 'UTC';
    const locate = weekLocator(tz);
    const weeks = new Map<string, number>();
    const byPriority: Record<string, number> = {};
    const tmp = args.out !== undefined ? `${args.out}.${process.pid}.tmp` : undefined;
    const created = args.out !== undefined ? makeParent(dirname(args.out), args.out) : undefined;
    const fd = tmp !== undefined ? openSync(tmp, 'w') : undefined;
    let summary: ImportSummary;
    try {
      let buffer = '';
      summary = await importHistory(args.file, toImportOptions(args), (inc) => {
        const w = locate(inc.openedAt).week;
        weeks.set(w, (weeks.get(w) ?? 0) + 1);
        const p = inc.priority ?? 'none';
        byPriority[p] = (byPriority[p] ?? 0) + 1;
        if (fd !== undefined) {
          buffer += incidentLine(inc);
          if (buffer.length > 1 << 16) {
            writeSync(fd, buffer);
            buffer = '';
          }
        }
      });
      if (fd !== undefined) {
        writeSync(fd, buffer);
        closeSync(fd);
        renameSync(tmp!, args.out!);
      }
    } catch (e) {
      if (fd !== undefined) {
        closeSync(fd);
        unlinkSync(tmp!);
      }
      if (created !== undefined) rmSync(created, { recursive: true, force: true });
      throw e;
    }
    const report: ImportReport = {
      ...summary,
      timezone: tz,
      byPriority: Object.fromEntries(Object.entries(byPriority).sort()),
      weekly: [...weeks].sort((a, b) => a[0].localeCompare(b[0])).map(([week, count]) => ({ week, count })),
    };
    if (args.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else process.stdout.write(importText(report, args.out));
  },
};

/** The human-readable import summary. */
export function importText(r: ImportReport, out?: string): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const lines = [
    `${r.file}: ${r.profile} profile, dates read in ${r.timezone}`,
    `rows read       ${n(r.rowsRead)}`,
    `incidents kept  ${n(r.incidentsKept)}`,
    `rows skipped    ${n(r.rowsSkipped)}${r.rowsSkipped > 0 ? ` (${Object.entries(r.skippedBy).map(([k, v]) => `${k}: ${n(v)}`).join(', ')})` : ''}`,
  ];
  for (const e of r.firstErrors) lines.push(`  skipped: ${e}`);
  if (r.rowsSkipped > r.firstErrors.length) lines.push(`  … and ${n(r.rowsSkipped - r.firstErrors.length)} more`);
  lines.push(`by priority     ${Object.entries(r.byPriority).map(([p, c]) => `${p} ${n(c)}`).join(', ')}`);
  if (r.phases !== undefined) {
    lines.push('event log: state / activity values read as phases (--mapping phases: overrides the defaults)');
    const rows = Object.entries(r.phases).sort((a, b) => b[1].events - a[1].events);
    const width = Math.min(40, Math.max(...rows.map(([v]) => v.length)));
    for (const [v, x] of rows) lines.push(`  ${v.padEnd(width)}  → ${x.phase.padEnd(8)} ${n(x.events).padStart(9)} events${x.from === 'mapping' ? '  (mapping)' : ''}`);
  }
  lines.push(`arrivals per ISO week (${r.timezone}):`);
  for (let i = 0; i < r.weekly.length; i += 6) {
    lines.push('  ' + r.weekly.slice(i, i + 6).map((w) => `${w.week} ${String(w.count).padStart(5)}`).join('   '));
  }
  if (out !== undefined) lines.push(`wrote ${out} (${n(r.incidentsKept)} incidents, one JSON object per line)`);
  return lines.join('\n') + '\n';
}
