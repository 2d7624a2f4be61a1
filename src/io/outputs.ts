/**
 * Files a run writes under `reports/<scenario>/`: summary.json (deterministic: the same scenario
 * and seed give the same bytes — no dates or timings in it), incidents.csv (one row per incident
 * of the first replication), trace.jsonl (with --trace), and the HTML report. Everything is
 * written into a temporary folder beside the target and renamed into place, so a failed run
 * leaves nothing half-written.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Summary, Estimate } from '../metrics/types.js';
import type { IncidentRecord } from '../sim/records.js';
import type { TraceEvent } from '../sim/lifecycle/index.js';

/** summary.json text: stable key order, 2-space indent, numbers rounded to 6 significant digits. */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, (_k, v) => (typeof v === 'number' && Number.isFinite(v) ? roundSig(v) : v), 2) + '\n';
}

function roundSig(v: number): number {
  if (v === 0 || Number.isInteger(v)) return v;
  return Number(v.toPrecision(6));
}

const CSV_COLUMNS = [
  'id', 'class', 'category', 'priority', 'openedAt', 'firstAssignedAt', 'firstAckAt', 'firstWorkAt', 'resolvedAt',
  'firstTeam', 'team', 'resolvedBy', 'reassignments', 'functionalEscalations', 'hierarchicalEscalations', 'firstEscalatedAt',
  'misrouted', 'autoRemediated', 'major', 'pausedMinutes', 'respondSlaMinutes', 'resolveSlaMinutes', 'effortMinutes', 'warmup',
] as const;

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return String(roundSig(v));
  const s = String(v);
  return s.includes('"') || s.includes(',') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One incidents.csv row (no line end). */
function incidentRow(r: IncidentRecord): string {
  let functional = 0;
  for (const e of r.escalations) if (e.kind === 'functional') functional++;
  const cell = (c: (typeof CSV_COLUMNS)[number]): unknown => {
    switch (c) {
      case 'functionalEscalations': return functional;
      case 'hierarchicalEscalations': return r.escalations.length - functional;
      case 'firstEscalatedAt': return r.escalations[0]?.at;
      default: return r[c];
    }
  };
  let line = csvCell(cell(CSV_COLUMNS[0]));
  for (let k = 1; k < CSV_COLUMNS.length; k++) line += ',' + csvCell(cell(CSV_COLUMNS[k]));
  return line;
}

/** incidents.csv text: one row per incident, times in simulated minutes. */
export function incidentsCsv(incidents: readonly IncidentRecord[]): string {
  return [CSV_COLUMNS.join(','), ...incidents.map(incidentRow)].join('\n') + '\n';
}

/**
 * Writes incidents.csv (the same bytes as `incidentsCsv`) in blocks of rows, so that a million
 * incidents never sit in memory as one string.
 */
export function writeIncidentsCsv(dir: string, name: string, incidents: readonly IncidentRecord[]): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  const fd = openSync(join(dir, name), 'w');
  try {
    let block = CSV_COLUMNS.join(',') + '\n';
    for (let i = 0; i < incidents.length; i++) {
      block += incidentRow(incidents[i]) + '\n';
      if (block.length > 1 << 20) {
        writeSync(fd, block);
        block = '';
      }
    }
    writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}

/** trace.jsonl text. */
export function traceJsonl(trace: readonly TraceEvent[]): string {
  return trace.map((e) => JSON.stringify(e)).join('\n') + (trace.length ? '\n' : '');
}

/**
 * Writes `files` (relative path → content, or a function that writes into the temp folder)
 * into `dir` atomically: built in a sibling temp folder, then swapped in.
 */
export async function writeFolderAtomically(dir: string, fill: (tmp: string) => Promise<void> | void): Promise<void> {
  const parent = dirname(dir);
  const created = makeParent(parent, dir);
  const tmp = join(parent, `.${Date.now().toString(36)}-${process.pid}-tmp`);
  mkdirSync(tmp, { recursive: true });
  try {
    await fill(tmp);
    const old = existsSync(dir) ? `${tmp}-old` : undefined;
    if (old) renameSync(dir, old);
    renameSync(tmp, dir);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Creates the folder `parent` (for the output `target`) with its missing ancestors; returns the
 * first folder it created (undefined if none), so that a failure can remove what it made. A path
 * that cannot be a folder is a UserError naming the output.
 */
export function makeParent(parent: string, target: string): string | undefined {
  try {
    return mkdirSync(parent, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${target}: cannot write the output here (${code === 'ENOTDIR' || code === 'EEXIST' ? 'a file is in the way of its folder' : code === 'EACCES' ? 'permission denied' : code ?? String(e)})`);
  }
}

/** Writes one file atomically (temp file + rename); a failure leaves no file and no new folder. */
export function writeFileAtomically(file: string, text: string | Uint8Array): void {
  const created = makeParent(dirname(file), file);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOTDIR' || code === 'EACCES') throw new UserError(`${file}: cannot write the output here (${code === 'EISDIR' ? 'a folder of that name exists' : code})`);
    throw e;
  }
}

export function writeText(dir: string, name: string, text: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text);
}

/** Formats a duration in minutes for people: "45.2 min", "3.4 h", "2.1 d". */
export function fmtMinutes(m: number): string {
  if (!Number.isFinite(m)) return '–';
  if (Math.abs(m) < 120) return `${m.toFixed(1)} min`;
  if (Math.abs(m) < 2880) return `${(m / 60).toFixed(1)} h`;
  return `${(m / 1440).toFixed(1)} d`;
}

const DURATION_KPIS = new Set(['mtta', 'mttaMedian', 'mttaP90', 'mttaP95', 'firstResponseMedian', 'mttr', 'mttrMedian', 'mttrP90', 'mttrP95', 'mttrP99', 'mtte', 'oldestOpenAge', 'timeToReachMinutes']);
const SHARE_KPIS = new Set(['slaAttainment', 'slaRespondAttainment', 'slaResolveAttainment', 'utilisation', 'highSeverityConcentration', 'firstContactResolution', 'reopenRate', 'knownErrorHitRate', 'misclassificationRate', 'recurrenceRate']);

/** A KPI value for people, in its unit. */
export function fmtKpi(name: string, v: number): string {
  if (DURATION_KPIS.has(name)) return fmtMinutes(v);
  if (SHARE_KPIS.has(name)) return `${(v * 100).toFixed(1)}%`;
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  return v.toPrecision(3);
}

/** "12.3 min [11.9, 12.8]" */
export function fmtEstimate(name: string, e: Estimate): string {
  if (e.n < 2) return `${fmtKpi(name, e.mean)} (1 replication: no interval)`;
  return `${fmtKpi(name, e.mean)}  [${fmtKpi(name, e.ci95[0])}, ${fmtKpi(name, e.ci95[1])}]`;
}

/** The console table of a run: one KPI per line with its 95% interval. */
export function consoleTable(summary: Summary, names: readonly string[]): string {
  const rows = names.filter((n) => summary.kpis[n] !== undefined).map((n) => [n, fmtEstimate(n, summary.kpis[n])]);
  const w = Math.max(...rows.map((r) => r[0].length), 3);
  const head = `${summary.scenario}: ${summary.replications} replication${summary.replications === 1 ? '' : 's'}, seed ${summary.seed}, mean [95% CI]`;
  return [head, ...rows.map(([n, v]) => `  ${n.padEnd(w)}  ${v}`)].join('\n') + '\n';
}
