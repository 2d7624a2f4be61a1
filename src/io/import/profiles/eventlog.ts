import { dateParser, type DateParser } from '../dates.js';
import { Cells, RowError, compact, findColumn, locateColumns, type ImportContext, type ImportProfile, type RowSink } from '../profile.js';
import { PhaseReader } from '../phases.js';
import type { CaseEvent, HistoricalIncident } from '../types.js';
import type { EventField, } from './generic.js';
import { plainPriority, type Field } from './onerow.js';
import { sortEvents } from './servicenow.js';

/** How to read an event-log CSV (one row per update or activity of a case). */
export interface EventLogSpec {
  profile: string;
  columns: Partial<Record<Field | EventField, string>>;
  dates: DateParser;
  priority: { map: (s: string) => string | undefined; expected: string };
  defaultPriority?: string;
}

/** Attribute columns of an event log: the last non-empty value of a case wins. */
const ATTRS = ['priority', 'impact', 'urgency', 'category'] as const;

interface Case {
  events: CaseEvent[];
  firstRow: number;
  lastRow: number;
  openedAt?: number;
  resolvedAt?: number;
  closedAt?: number;
  attrs: Partial<Record<(typeof ATTRS)[number], string>>;
}

/**
 * Rows of the same case id are accumulated (only the few values each row contributes are kept)
 * and each case is emitted at the end of the file, in the order of its first row.
 */
export function eventLogSink(header: string[], ctx: ImportContext, spec: EventLogSpec): RowSink {
  const k = spec.columns;
  const req = locateColumns(header, ctx, spec.profile, { id: [k.id!], at: [k.timestamp!] });
  const col = (f: Field | EventField) => (k[f] !== undefined ? findColumn(header, [k[f]!]) : undefined);
  const value = col('state') ?? col('activity');
  if (value === undefined) locateColumns(header, ctx, spec.profile, { state: [k.state ?? k.activity!] });
  const transition = col('transition');
  const assignee = col('assignee');
  const group = col('group');
  const opened = col('openedAt');
  const resolved = col('resolvedAt');
  const closed = col('closedAt');
  const attrCols = ATTRS.map((a) => [a, col(a)] as const);
  const phases = ctx.phases ?? new PhaseReader();
  const c = new Cells(ctx);
  const cases = new Map<string, Case>();
  return {
    row(cells, row) {
      c.at(cells, row);
      const id = c.required(req.id, 'missing id');
      c.required(req.at, 'missing date');
      const at = c.date(req.at, spec.dates)!;
      const o = c.date(opened, spec.dates);
      const r = c.date(resolved, spec.dates);
      const cl = c.date(closed, spec.dates);
      const attrs: Case['attrs'] = {};
      for (const [a, ac] of attrCols) {
        const v = a === 'priority' ? c.mapped(ac, spec.priority.map, 'priority', spec.priority.expected) : c.text(ac);
        if (v !== undefined) attrs[a] = v;
      }
      const v = c.text(value);
      const event: CaseEvent = { at, phase: phases.read(v, c.text(transition)), assignee: c.text(assignee), group: c.text(group), value: v };
      let acc = cases.get(id);
      if (acc === undefined) cases.set(id, (acc = { events: [], firstRow: row, lastRow: row, attrs: {} }));
      acc.events.push(event);
      acc.lastRow = row;
      if (o !== undefined) acc.openedAt = o;
      if (r !== undefined) acc.resolvedAt = r;
      if (cl !== undefined) acc.closedAt = cl;
      Object.assign(acc.attrs, attrs);
    },
    finish(emit, reject) {
      for (const [id, acc] of cases) {
        try {
          const inc = caseIncident(id, sortEvents(acc.events), { openedAt: acc.openedAt, resolvedAt: acc.resolvedAt, closedAt: acc.closedAt, ...acc.attrs });
          inc.priority ??= spec.defaultPriority;
          if (inc.resolvedAt !== undefined && inc.resolvedAt < inc.openedAt) {
            throw new RowError('resolution before opening', `${ctx.file}: case "${id}" (rows ${acc.firstRow}..${acc.lastRow}): resolved ${new Date(inc.resolvedAt).toISOString()} before it opened ${new Date(inc.openedAt).toISOString()}`);
          }
          emit(compact(inc), acc.firstRow);
        } catch (e) {
          if (e instanceof RowError) reject(e);
          else throw e;
        }
      }
      cases.clear();
    },
  };
}

/**
 * The incident an event log's case describes: opened at the first event (unless given),
 * resolved when it last entered `resolved` (unless given), closed when it last entered `closed`;
 * group and assignee the last set; first assignment the first event with an assignee or in the
 * `active` phase; acknowledgement the first `active` event; reassignments the changes of group
 * or assignee after the first; reopens the times it left `resolved` for an open phase.
 */
export function caseIncident(id: string, events: CaseEvent[], given: Partial<HistoricalIncident>): HistoricalIncident {
  const inc: HistoricalIncident = { ...given, id, openedAt: given.openedAt ?? events[0].at, events };
  let lastGroup: string | undefined;
  let lastAssignee: string | undefined;
  let reassignments = 0;
  let reopens = 0;
  let phase: CaseEvent['phase'];
  let resolvedAt: number | undefined;
  let closedAt: number | undefined;
  for (const e of events) {
    let moved = false;
    if (e.group !== undefined) {
      if (lastGroup !== undefined && e.group !== lastGroup) moved = true;
      lastGroup = e.group;
    }
    if (e.assignee !== undefined) {
      if (lastAssignee !== undefined && e.assignee !== lastAssignee) moved = true;
      lastAssignee = e.assignee;
      inc.firstAssignedAt ??= e.at;
    }
    if (moved) reassignments++;
    if (e.phase === 'active') {
      inc.firstAssignedAt ??= e.at;
      inc.acknowledgedAt ??= e.at;
    }
    if (e.phase !== undefined) {
      if (phase === 'resolved' && e.phase !== 'resolved' && e.phase !== 'closed') reopens++;
      if (e.phase === 'resolved' && phase !== 'resolved') resolvedAt = e.at;
      if (e.phase === 'closed' && phase !== 'closed') closedAt = e.at;
      phase = e.phase;
    }
  }
  inc.resolvedAt ??= resolvedAt;
  inc.closedAt ??= closedAt;
  inc.group ??= lastGroup;
  inc.assignee ??= lastAssignee;
  inc.reassignments ??= reassignments;
  inc.reopens ??= reopens;
  return inc;
}

/**
 * The event-log CSV `incisim run --export-log FILE.csv` writes, read without a mapping: columns
 * `case_id`, `timestamp` (ISO 8601) and `activity` required; `resource`, `group`, `priority`
 * (P1..P5) optional. Detected by its header.
 */
export const eventlogProfile: ImportProfile = {
  name: 'eventlog',
  detect: (header) => header.includes('case_id') && header.includes('timestamp') && header.includes('activity'),
  start(header, ctx) {
    return eventLogSink(header, ctx, {
      profile: 'eventlog',
      columns: { id: 'case_id', timestamp: 'timestamp', activity: 'activity', assignee: 'resource', group: 'group', priority: 'priority' },
      dates: dateParser('iso', ctx.zone),
      priority: { map: plainPriority, expected: 'P1..P5' },
    });
  },
};
