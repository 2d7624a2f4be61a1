import { closeSync, createReadStream, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CsvError, parse } from 'csv-parse';
import { Transform, type TransformCallback } from 'node:stream';
import { UserError } from '../../errors.js';
import { openRegularFile } from '../files.js';
import { checkZone } from './dates.js';
import { RowError, type ImportContext } from './profile.js';
import { loadMapping, type GenericMapping } from './profiles/generic.js';
import { PROFILES, PROFILE_NAMES } from './profiles/index.js';
import type { HistoricalIncident, ImportSummary } from './types.js';
import { PhaseReader } from './phases.js';
import { looksLikeXml, readXes } from './xes.js';

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
 * Streams `file` (`.csv`, or gzip-compressed: detected by its magic bytes; an XES event log,
 * plain or compressed, detected by its content, is read by ./xes.ts) through a profile and
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
  if (requested !== 'auto' && requested !== 'xes' && PROFILES[requested] === undefined) {
    throw new UserError(`--profile: unknown profile "${requested}"; expected auto, ${PROFILE_NAMES.join(', ')}, xes`);
  }

  const maxErrors = options.maxErrors ?? 10;
  const { fd, gz } = openExport(file);
  const xes = await looksLikeXml(file, gz);
  if (xes && requested !== 'auto' && requested !== 'xes') throw new UserError(`--profile: ${file} is an XES (XML) event log; the ${requested} profile reads CSV (use --profile auto or xes)`);
  if (!xes && requested === 'xes') throw new UserError(`--profile: ${file} is not an XES event log (it does not start with <?xml or <log)`);
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

  const phases = new PhaseReader(mapping?.phases);
  if (xes) {
    closeSync(fd); // a regular file (checked by openExport): the XES reader opens its own stream
    summary.profile = 'xes';
    summary.rowsRead = await readXes({ file, gz, zone, phases, priorities: mapping?.priorities, defaultPriority: mapping?.defaultPriority }, emit, (e) => reject(e));
    if (Object.keys(phases.table).length > 0) summary.phases = phases.table;
    return summary;
  }
  const source = createReadStream('', { fd });
  let firstRecord: string[] = []; // the header as the parser saw it (for messages: our loop reads behind the parser)
  const parser = parse({
    relax_column_count: true, bom: true, skip_empty_lines: false, delimiter: mapping?.delimiter ?? ',', max_record_size: MAX_RECORD_CHARS,
    on_record: (record: string[], context) => {
      if (context.records === 1) firstRecord = record.map((h) => h.trim());
      return record;
    },
  });
  const text = new TextCheck(file, gz);
  text.on('error', (e) => parser.destroy(e));
  if (gz) {
    const gunzip = createGunzip();
    gunzip.on('error', (e) => parser.destroy(new UserError(`${file}: not a readable gzip file (${e.message})`)));
    source.pipe(gunzip).pipe(text).pipe(parser);
  } else source.pipe(text).pipe(parser);
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
        const ctx: ImportContext = { file, zone, mapping, mappingFile, missing: mapping?.missing ? new Set(mapping.missing) : undefined, phases };
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
    if (e instanceof CsvError) throw csvProblem(e, file, firstRecord);
    throw e;
  }
  if (sink === undefined) throw new UserError(`${file}: the file is empty; expected a header row`);
  sink.finish(emit, reject);
  if (Object.keys(phases.table).length > 0) summary.phases = phases.table;
  return summary;
}

/** The longest CSV record (row) read, in characters: a file without line ends is not read whole. */
export const MAX_RECORD_CHARS = 1 << 20;

/**
 * A csv-parse error as the one-line message of every import error: the row (1-based, header = 1),
 * the physical line when it differs, the column (1-based, with its header name) and what is wrong
 * in words; the offending value is not echoed (it may be kilobytes of binary).
 */
function csvProblem(e: CsvError, file: string, header: string[]): UserError {
  const info = e as CsvError & { lines?: number; column?: number | string; records?: number };
  // the parser's own count (our loop may be behind it: records are read ahead)
  const row = (info.records ?? 0) + 1;
  const why: Record<string, string> = {
    INVALID_OPENING_QUOTE: 'a quote inside a field that does not start with one; quote the whole field and double its quotes ("")',
    CSV_INVALID_CLOSING_QUOTE: 'a character right after a closing quote; expected a comma or the end of the line',
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed; expected its closing quote',
    CSV_MAX_RECORD_SIZE: `a row longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; expected one incident (or event) per line`,
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a character right after a closing quote; expected a comma or the end of the line',
  };
  const col = typeof info.column === 'number' ? info.column + 1 : undefined;
  const name = col !== undefined ? header[col - 1] : undefined;
  const column = col === undefined ? '' : name !== undefined && name !== '' ? `, column ${JSON.stringify(name.slice(0, 40))}` : `, column ${col}`;
  // the physical line where the parser stopped, when rows span lines (an unclosed quote stops at the end: no use)
  const line = info.lines !== undefined && info.lines !== row && e.code !== 'CSV_QUOTE_NOT_CLOSED' ? ` (line ${info.lines})` : '';
  const where = `row ${row}${line}${column}`;
  return new UserError(`${file}: ${where}: not valid CSV: ${why[e.code] ?? e.message.split(':')[0]}`);
}

/**
 * Passes bytes through, refusing at the start what is not CSV text: gzip inside gzip, a ZIP
 * archive (an .xlsx workbook), and bytes that are not UTF-8 text (NUL bytes or invalid
 * sequences in the first 64 KiB), so binary never reaches the CSV parser as garbage quotes.
 */
class TextCheck extends Transform {
  private seen = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly file: string, private readonly gz: boolean) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.seen < 1 << 16) {
      const head = chunk.subarray(0, (1 << 16) - this.seen);
      const problem = this.problem(head);
      if (problem !== undefined) return done(new UserError(`${this.file}: ${problem}`));
      this.seen += head.length;
    }
    done(null, chunk);
  }

  private problem(head: Buffer): string | undefined {
    const inner = this.gz ? 'its content' : 'it';
    if (this.seen === 0 && head[0] === 0x1f && head[1] === 0x8b) return `${this.gz ? 'compressed twice (gzip inside gzip)' : 'gzip data'}; expected CSV text: decompress it once (gunzip)`;
    if (this.seen === 0 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return `${inner} is a ZIP archive (an .xlsx workbook?), not CSV text; export it as CSV`;
    if (head.includes(0)) return `${inner} is binary data (a NUL byte in the first 64 KiB), not CSV text; expected a CSV export`;
    try {
      this.decoder.decode(head, { stream: true });
    } catch {
      return `${inner} is not UTF-8 text (invalid bytes in the first 64 KiB); expected a CSV export in UTF-8`;
    }
    return undefined;
  }
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
  const shown = header.slice(0, 6).map((h) => JSON.stringify(h.length > 40 ? `${h.slice(0, 37)}…` : h)).join(', ');
  throw new UserError(`${file}: cannot tell which tool exported this file from its header (${shown}${header.length > 6 ? ', …' : ''}); name it with --profile ${PROFILE_NAMES.join('|')} (generic needs --mapping)`);
}

/** Opens the export (a regular file, or a one-line UserError) and tells gzip by its magic bytes. */
function openExport(file: string): { fd: number; gz: boolean } {
  const { fd } = openRegularFile(file, 'the export');
  const b = Buffer.alloc(2);
  const n = readSync(fd, b, 0, 2, 0);
  return { fd, gz: n === 2 && b[0] === 0x1f && b[1] === 0x8b };
}
