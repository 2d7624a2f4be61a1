import { createReadStream, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { UserError } from '../../errors.js';
import { openRegularFile } from '../files.js';
import { checkZone } from './dates.js';
import { RowError, type ImportContext } from './profile.js';
import { loadMapping, type GenericMapping } from './profiles/generic.js';
import { PROFILES, PROFILE_NAMES } from './profiles/index.js';
import type { HistoricalIncident, ImportSummary } from './types.js';

export type { HistoricalIncident, ImportSummary } from './types.js';
export { PROFILES, PROFILE_NAMES } from './profiles/index.js';

/** Options of an import. */
export interface ImportOptions {
  /** A profile name or 'auto' (default): detect from the header. */
  profile?: string;
  /** Mapping for the generic profile: a file path, or an already parsed mapping. */
  mapping?: string | GenericMapping;
  /** IANA zone of the export's wall-clock dates (default: the mapping's, else UTC). */
  tz?: string;
  /** Fail (UserError) at the first bad row instead of skipping it. */
  strict?: boolean;
  /** How many skip messages the summary keeps (default 10). */
  maxErrors?: number;
}

/**
 * Streams `file` (`.csv`, or gzip-compressed: detected by its magic bytes) through a profile and
 * calls `onIncident` once per incident kept, in file order (event logs: order of each incident's
 * first row). Rows are never all held in memory: one-row exports emit as they read, event logs
 * keep only per-incident accumulated state. Bad rows are skipped and counted (or, with `strict`,
 * the first fails the import). Row numbers are 1-based with the header as row 1; blank lines count.
 */
export async function importHistory(file: string, options: ImportOptions, onIncident: (incident: HistoricalIncident) => void): Promise<ImportSummary> {
  let mapping: GenericMapping | undefined;
  let mappingFile: string | undefined;
  if (typeof options.mapping === 'string') {
    mappingFile = options.mapping;
    mapping = loadMapping(options.mapping);
  } else mapping = options.mapping;
  const zone = checkZone(options.tz ?? mapping?.timezone ?? 'UTC', options.tz !== undefined ? '--tz' : `${mappingFile ?? 'mapping'}: timezone`);
  const requested = options.profile ?? 'auto';
  if (requested !== 'auto' && PROFILES[requested] === undefined) {
    throw new UserError(`--profile: unknown profile "${requested}"; expected auto, ${PROFILE_NAMES.join(', ')}`);
  }

  const maxErrors = options.maxErrors ?? 10;
  const summary: ImportSummary = { file, profile: requested, rowsRead: 0, incidentsKept: 0, rowsSkipped: 0, skippedBy: {}, firstErrors: [] };
  const reject = (e: RowError) => {
    if (options.strict) throw new UserError(e.message);
    summary.rowsSkipped++;
    summary.skippedBy[e.reason] = (summary.skippedBy[e.reason] ?? 0) + 1;
    if (summary.firstErrors.length < maxErrors) summary.firstErrors.push(e.message);
  };
  const seen = new Map<string, number>();
  const emit = (inc: HistoricalIncident, row: number) => {
    const first = seen.get(inc.id);
    if (first !== undefined) {
      reject(new RowError('duplicate id', `${file}: row ${row}: id "${inc.id}" repeats the incident of row ${first}`));
      return;
    }
    seen.set(inc.id, row);
    summary.incidentsKept++;
    onIncident(inc);
  };

  const { fd, gz } = openExport(file);
  const source = createReadStream('', { fd });
  const parser = parse({ relax_column_count: true, bom: true, skip_empty_lines: false });
  if (gz) {
    const gunzip = createGunzip();
    gunzip.on('error', (e) => parser.destroy(new UserError(`${file}: not a readable gzip file (${e.message})`)));
    source.pipe(gunzip).pipe(parser);
  } else source.pipe(parser);
  source.on('error', (e) => parser.destroy(new UserError(`${file}: cannot read (${e.message})`)));

  let sink: ReturnType<(typeof PROFILES)[string]['start']> | undefined;
  let width = 0;
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (sink === undefined) {
        const header = cells.map((h) => h.trim());
        const profile = requested === 'auto' ? detect(header, file, mapping) : PROFILES[requested];
        summary.profile = profile.name;
        const ctx: ImportContext = { file, zone, mapping, mappingFile, missing: mapping?.missing ? new Set(mapping.missing) : undefined };
        sink = profile.start(header, ctx);
        width = header.length;
        continue;
      }
      if (cells.length === 1 && cells[0] === '') continue; // blank line
      summary.rowsRead++;
      try {
        if (cells.length !== width) throw new RowError('wrong field count', `${file}: row ${row}: ${cells.length} fields, but the header has ${width}`);
        sink.row(cells, row, emit);
      } catch (e) {
        if (e instanceof RowError) reject(e);
        else throw e;
      }
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    const err = e as Error & { code?: string; lines?: number };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) throw new UserError(`${file}: line ${err.lines ?? '?'}: not valid CSV (${err.message})`);
    throw e;
  }
  if (sink === undefined) throw new UserError(`${file}: the file is empty; expected a header row`);
  sink.finish(emit, reject);
  return summary;
}

/** Imports a whole file into memory: the incidents (file order) and the summary. */
export async function loadHistory(file: string, options: ImportOptions = {}): Promise<{ incidents: HistoricalIncident[]; summary: ImportSummary }> {
  const incidents: HistoricalIncident[] = [];
  const summary = await importHistory(file, options, (i) => incidents.push(i));
  return { incidents, summary };
}

function detect(header: string[], file: string, mapping: GenericMapping | undefined) {
  if (mapping !== undefined) return PROFILES.generic;
  for (const name of PROFILE_NAMES) if (PROFILES[name].detect(header)) return PROFILES[name];
  const shown = header.slice(0, 6).map((h) => `"${h}"`).join(', ');
  throw new UserError(`${file}: cannot tell which tool exported this file from its header (${shown}${header.length > 6 ? ', …' : ''}); name it with --profile ${PROFILE_NAMES.join('|')} (generic needs --mapping)`);
}

/** Opens the export (a regular file, or a one-line UserError) and tells gzip by its magic bytes. */
function openExport(file: string): { fd: number; gz: boolean } {
  const { fd } = openRegularFile(file, 'the export');
  const b = Buffer.alloc(2);
  const n = readSync(fd, b, 0, 2, 0);
  return { fd, gz: n === 2 && b[0] === 0x1f && b[1] === 0x8b };
}
