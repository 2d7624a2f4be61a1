import type { DateParser } from '../dates.js';
import { Cells, checkOrder, compact, findColumn, locateColumns, type ImportContext, type RowSink } from '../profile.js';
import type { HistoricalIncident } from '../types.js';

/** The HistoricalIncident fields a one-row-per-incident export can fill from a column. */
export type Field =
  | 'id' | 'openedAt' | 'firstAssignedAt' | 'acknowledgedAt' | 'resolvedAt' | 'closedAt'
  | 'priority' | 'impact' | 'urgency' | 'category' | 'group' | 'assignee'
  | 'reassignments' | 'reopens' | 'madeSla' | 'updates';

const DATE_FIELDS = ['firstAssignedAt', 'acknowledgedAt', 'resolvedAt', 'closedAt'] as const;
const TEXT_FIELDS = ['impact', 'urgency', 'category', 'group', 'assignee'] as const;
const COUNT_FIELDS = ['reassignments', 'reopens', 'updates'] as const;

/**
 * How to read a one-row-per-incident export: for each field the candidate column names (first
 * present wins), how dates and priorities read, and optionally columns holding a duration since
 * opening instead of an instant (Jira "Time to first response", PagerDuty `seconds_to_first_ack`).
 */
export interface OneRowSpec {
  profile: string;
  columns: Partial<Record<Field, string[]>>;
  dates: DateParser;
  /** Maps a priority cell to 'P1'..'P5' (undefined = unknown); `expected` is for the message. */
  priority?: { map: (s: string) => string | undefined; expected: string };
  /** The priority of rows without one (the mapping's defaultPriority). */
  defaultPriority?: string;
  /** Rows without a priority: read one from another text field (PagerDuty: urgency high → P2, low → P4). */
  priorityFrom?: { field: 'urgency' | 'impact' | 'category'; map: (s: string) => string | undefined };
  /** Fields taken as opened + duration when the instant column is absent or empty. */
  offsets?: Partial<Record<'acknowledgedAt' | 'resolvedAt', { columns: string[]; parse: (s: string) => number | undefined; format: string }>>;
}

/** A row sink that turns every row into one incident, emitted at once (nothing is retained). */
export function oneRowSink(header: string[], ctx: ImportContext, spec: OneRowSpec): RowSink {
  const req = locateColumns(header, ctx, spec.profile, { id: spec.columns.id ?? [], openedAt: spec.columns.openedAt ?? [] });
  const col = (f: Field) => findColumn(header, spec.columns[f] ?? []);
  const dateCols = DATE_FIELDS.map((f) => [f, col(f)] as const);
  const textCols = TEXT_FIELDS.map((f) => [f, col(f)] as const);
  const countCols = COUNT_FIELDS.map((f) => [f, col(f)] as const);
  const offsetCols = Object.entries(spec.offsets ?? {}).map(([f, o]) => [f as 'acknowledgedAt' | 'resolvedAt', findColumn(header, o.columns), o] as const);
  const priorityCol = col('priority');
  const slaCol = col('madeSla');
  const c = new Cells(ctx);
  return {
    row(cells, row, emit) {
      c.at(cells, row);
      const id = c.required(req.id, 'missing id');
      c.required(req.openedAt, 'missing date');
      const inc: HistoricalIncident = { id, openedAt: c.date(req.openedAt, spec.dates)! };
      for (const [f, k] of dateCols) inc[f] = c.date(k, spec.dates);
      for (const [f, k, o] of offsetCols) {
        if (inc[f] !== undefined || k === undefined) continue;
        const s = c.text(k);
        if (s === undefined) continue;
        const minutes = o.parse(s);
        if (minutes === undefined || minutes < 0) c.fail('bad duration', k, s, `is not a duration in ${o.format}`);
        inc[f] = inc.openedAt + Math.round(minutes! * 60_000);
      }
      if (priorityCol !== undefined && spec.priority !== undefined) inc.priority = c.mapped(priorityCol, spec.priority.map, 'priority', spec.priority.expected);
      for (const [f, k] of textCols) inc[f] = c.text(k);
      if (inc.priority === undefined && spec.priorityFrom !== undefined) {
        const v = inc[spec.priorityFrom.field];
        if (v !== undefined) inc.priority = spec.priorityFrom.map(v);
      }
      inc.priority ??= spec.defaultPriority;
      for (const [f, k] of countCols) inc[f] = c.count(k);
      inc.madeSla = c.bool(slaCol);
      checkOrder(c, inc, req.openedAt, dateCols[2][1], dateCols[3][1]);
      emit(compact(inc), row);
    },
    finish() {},
  };
}

/** Priority cells already in the normalised form: "P1".."P5" (any case) or "1".."5". */
export function plainPriority(s: string): string | undefined {
  const m = /^[Pp]?([1-5])$/.exec(s);
  return m === null ? undefined : `P${m[1]}`;
}
