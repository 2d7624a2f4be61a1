import { UserError } from '../../errors.js';
import type { DateParser } from './dates.js';
import type { HistoricalIncident } from './types.js';
import type { PhaseReader } from './phases.js';

/**
 * A bad row: `reason` is the short category counted in the summary ("bad date"), `message` the
 * full one-line explanation naming file, row, column and value.
 */
export class RowError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a profile knows about the import it serves. */
export interface ImportContext {
  /** The file as the user named it (used in every message). */
  file: string;
  /** IANA zone in which the export's wall-clock dates are read. */
  zone: string;
  /** Cells that mean "no value" (besides the empty cell), e.g. "?" for ServiceNow. */
  missing?: ReadonlySet<string>;
  /** Parsed mapping (only the generic profile uses it). */
  mapping?: unknown;
  /** Path of the mapping file, for messages. */
  mappingFile?: string;
  /** Event logs: reads state / activity values as phases and counts what it read as what. */
  phases?: PhaseReader;
}

/** Receives the rows of one file. */
export interface RowSink {
  /**
   * One data row. `row` is 1-based with the header as row 1. Call `emit` for each finished
   * incident; throw a RowError to reject the row.
   */
  row(cells: string[], row: number, emit: (incident: HistoricalIncident, row: number) => void): void;
  /**
   * End of file: emit the incidents still being accumulated; report the ones that turn out bad
   * through `reject` (they count as skipped rows).
   */
  finish(emit: (incident: HistoricalIncident, row: number) => void, reject: (e: RowError) => void): void;
}

/** One export format, registered by name (see profiles/index.ts). */
export interface ImportProfile {
  readonly name: string;
  /** True when a header looks like this profile's export (for `--profile auto`). */
  detect(header: string[]): boolean;
  /** Checks the header (UserError naming missing columns) and returns the row handler. */
  start(header: string[], ctx: ImportContext): RowSink;
}

/**
 * Finds columns by name in a header. `required` entries are alternatives lists: the first name
 * present wins; if none is, the import fails naming the file and every missing column.
 */
export function locateColumns<K extends string>(
  header: string[],
  ctx: ImportContext,
  profile: string,
  required: Record<K, string[]>,
): Record<K, { index: number; name: string }> {
  const out = {} as Record<K, { index: number; name: string }>;
  const missing: string[] = [];
  for (const key of Object.keys(required) as K[]) {
    const found = findColumn(header, required[key]);
    if (found === undefined) missing.push(required[key].map((n) => `"${n}"`).join(' or '));
    else out[key] = found;
  }
  if (missing.length > 0) {
    throw new UserError(`${ctx.file}: the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} required by the ${profile} profile`);
  }
  return out;
}

/** The first of `names` present in `header` (exact match after trimming), or undefined. */
export function findColumn(header: string[], names: string[]): { index: number; name: string } | undefined {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index >= 0) return { index, name };
  }
  return undefined;
}

/**
 * Reads typed values out of one row's cells, throwing RowErrors with the standard message
 * `FILE: row N, column "C": "VALUE" <problem>`.
 */
export class Cells {
  cells: string[] = [];
  row = 0;
  constructor(private readonly ctx: ImportContext) {}

  at(cells: string[], row: number): this {
    this.cells = cells;
    this.row = row;
    return this;
  }

  /** The trimmed cell, or undefined if absent, empty or a missing marker. */
  text(col: { index: number } | undefined): string | undefined {
    if (col === undefined) return undefined;
    const raw = this.cells[col.index];
    if (raw === undefined) return undefined;
    const s = raw.trim();
    if (s === '' || this.ctx.missing?.has(s)) return undefined;
    return s;
  }

  fail(reason: string, col: { name: string }, value: string, problem: string): never {
    throw new RowError(reason, `${this.ctx.file}: row ${this.row}, column "${col.name}": "${value}" ${problem}`);
  }

  /** A required cell: missing → RowError with `reason` ("missing id", "missing date"). */
  required(col: { index: number; name: string }, reason: string): string {
    const s = this.text(col);
    if (s === undefined) {
      throw new RowError(reason, `${this.ctx.file}: row ${this.row}, column "${col.name}": the value is missing`);
    }
    return s;
  }

  date(col: { index: number; name: string } | undefined, parser: DateParser): number | undefined {
    const s = this.text(col);
    if (s === undefined) return undefined;
    const v = parser.parse(s);
    if (v === undefined) this.fail('bad date', col!, s, `is not a date in ${parser.format}`);
    return v;
  }

  /** A non-negative integer count. */
  count(col: { index: number; name: string } | undefined): number | undefined {
    const s = this.text(col);
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s)) this.fail('bad number', col!, s, 'is not a whole number ≥ 0');
    return Number(s);
  }

  /** "true"/"false" (any case), "yes"/"no", "1"/"0". */
  bool(col: { index: number; name: string } | undefined): boolean | undefined {
    const s = this.text(col);
    if (s === undefined) return undefined;
    const l = s.toLowerCase();
    if (l === 'true' || l === 'yes' || l === '1') return true;
    if (l === 'false' || l === 'no' || l === '0') return false;
    return this.fail('bad boolean', col!, s, 'is not true or false');
  }

  /** A value mapped through `map` (e.g. priority names → P1..P5); unknown → "unknown <what>". */
  mapped(col: { index: number; name: string } | undefined, map: (s: string) => string | undefined, what: string, expected: string): string | undefined {
    const s = this.text(col);
    if (s === undefined) return undefined;
    const v = map(s);
    if (v === undefined) this.fail(`unknown ${what}`, col!, s, `is not a known ${what}; expected ${expected}`);
    return v;
  }
}

/**
 * Rejects an incident resolved (or closed) before it opened, naming the column and both values.
 */
export function checkOrder(
  c: Cells,
  inc: HistoricalIncident,
  opened: { index: number; name: string },
  resolved: { index: number; name: string } | undefined,
  closed: { index: number; name: string } | undefined,
): void {
  for (const [col, t] of [
    [resolved, inc.resolvedAt],
    [closed, inc.closedAt],
  ] as const) {
    if (col !== undefined && t !== undefined && t < inc.openedAt) {
      c.fail('resolution before opening', col, c.text(col)!, `is before ${opened.name} "${c.text(opened) ?? ''}"`);
    }
  }
}

/** Drops undefined fields so that JSON lines and deep comparisons stay compact. */
export function compact(inc: HistoricalIncident): HistoricalIncident {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inc)) if (v !== undefined) out[k] = v;
  return out as unknown as HistoricalIncident;
}
