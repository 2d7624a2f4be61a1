import { dmyHmParser } from '../dates.js';
import { Cells, RowError, checkOrder, compact, locateColumns, findColumn, type ImportContext, type ImportProfile, type RowSink } from '../profile.js';
import type { CaseEvent, HistoricalIncident } from '../types.js';
import { PhaseReader } from '../phases.js';

/**
 * ServiceNow incident exports, in either form:
 *
 * - one row per incident (a list export of the `incident` table), and
 * - the audit / event-log form (one row per update, as in the UCI "Incident management process
 *   enriched event log"): rows of the same `number` are merged; the LAST row read of an incident
 *   holds its final state (priority, group, assignee, counts, `resolved_at`, `closed_at`).
 *
 * Columns: `number` (id) and `opened_at` are required. Optional: `sys_updated_at` (row time),
 * `incident_state`, `assigned_to`, `assignment_group`, `priority`, `impact`, `urgency`, `category`,
 * `reassignment_count`, `reopen_count`, `made_sla`, `sys_mod_count`, `resolved_at`, `closed_at`,
 * and for the ITIL figures `knowledge`, `closed_code`, `problem_id` (see `incisim fit --itil`).
 * `?` (or an empty cell) means missing. Dates are `d/M/yyyy H:mm` in the stated zone.
 *
 * Proxies (the log has no explicit timestamps for them): first assignment = `sys_updated_at` of the
 * first row with `assigned_to` set; acknowledgement = `sys_updated_at` of the first row whose
 * `incident_state` is `Active`. Without `sys_updated_at` (one-row form) both are absent.
 * `updates` = the last row's `sys_mod_count`. Priority `1 - Critical`→P1 … `5 - Planning`→P5.
 */
export const servicenowProfile: ImportProfile = {
  name: 'servicenow',
  detect: (header) => header.includes('number') && header.includes('opened_at'),
  start(header, ctx) {
    return new ServiceNowSink(header, { ...ctx, missing: ctx.missing ?? new Set(['?']) });
  },
};

/** "1 - Critical" → "P1" … "5 - Planning" → "P5" (also a bare "1".."5"). */
export function servicenowPriority(s: string): string | undefined {
  const m = /^([1-5])(\s*-\s*\S.*)?$/.exec(s);
  return m === null ? undefined : `P${m[1]}`;
}

/** Columns kept from each incident's last row (the rest of the row is not retained). */
const FINAL = ['number', 'opened_at', 'resolved_at', 'closed_at', 'priority', 'impact', 'urgency', 'category', 'assignment_group', 'assigned_to', 'reassignment_count', 'reopen_count', 'made_sla', 'sys_mod_count', 'knowledge', 'closed_code', 'problem_id'] as const;
type FinalName = (typeof FINAL)[number];

interface Accumulated {
  /** The FINAL columns of the last row read, in FINAL order. */
  last: string[];
  lastRow: number;
  firstAssignedAt?: number;
  acknowledgedAt?: number;
  /** one per row with a `sys_updated_at` (the event-log form), in file order */
  events: CaseEvent[];
}

class ServiceNowSink implements RowSink {
  private readonly c: Cells;
  private readonly finalCells: Cells;
  private readonly parse;
  private readonly id;
  private readonly state;
  private readonly assignedTo;
  private readonly updatedAt;
  private readonly group;
  private readonly phases: PhaseReader;
  /** Where each FINAL column sits in a row (-1 when the export lacks it). */
  private readonly take: number[];
  /** Columns of the projected last-row array, for reading it with `finalCells`. */
  private readonly col: Record<FinalName, { index: number; name: string } | undefined>;
  private readonly open = new Map<string, Accumulated>();
  private readonly ctx: ImportContext;

  constructor(header: string[], ctx: ImportContext) {
    this.ctx = ctx;
    const req = locateColumns(header, ctx, 'servicenow', { number: ['number'], opened: ['opened_at'] });
    this.id = req.number;
    this.state = findColumn(header, ['incident_state', 'state']);
    this.assignedTo = findColumn(header, ['assigned_to']);
    this.updatedAt = findColumn(header, ['sys_updated_at']);
    this.group = findColumn(header, ['assignment_group']);
    this.phases = ctx.phases ?? new PhaseReader();
    this.take = FINAL.map((n) => header.indexOf(n));
    this.col = {} as Record<FinalName, { index: number; name: string } | undefined>;
    FINAL.forEach((n, i) => (this.col[n] = this.take[i] >= 0 ? { index: i, name: n } : undefined));
    this.c = new Cells(ctx);
    this.finalCells = new Cells(ctx);
    this.parse = dmyHmParser(ctx.zone);
  }

  row(cells: string[], row: number): void {
    const c = this.c.at(cells, row);
    const id = c.required(this.id, 'missing id');
    const acc = this.open.get(id);
    // Read everything this row contributes before touching the state, so a bad row changes nothing.
    let assignedAt: number | undefined;
    let activeAt: number | undefined;
    let event: CaseEvent | undefined;
    if (this.updatedAt !== undefined) {
      const at = c.date(this.updatedAt, this.parse);
      const assignee = c.text(this.assignedTo);
      const state = c.text(this.state);
      if (acc?.firstAssignedAt === undefined && assignee !== undefined) assignedAt = at;
      if (acc?.acknowledgedAt === undefined && state === 'Active') activeAt = at;
      if (at !== undefined) event = { at, phase: this.phases.read(state), assignee, group: c.text(this.group), value: state };
    }
    const last = new Array<string>(FINAL.length);
    for (let i = 0; i < FINAL.length; i++) last[i] = this.take[i] >= 0 ? (cells[this.take[i]] ?? '') : '';
    if (acc === undefined) {
      this.open.set(id, { last, lastRow: row, firstAssignedAt: assignedAt, acknowledgedAt: activeAt, events: event ? [event] : [] });
    } else {
      if (event) acc.events.push(event);
      acc.last = last;
      acc.lastRow = row;
      acc.firstAssignedAt ??= assignedAt;
      acc.acknowledgedAt ??= activeAt;
    }
  }

  finish(emit: (inc: HistoricalIncident, row: number) => void, reject: (e: RowError) => void): void {
    for (const [id, acc] of this.open) {
      try {
        emit(this.incident(id, acc), acc.lastRow);
      } catch (e) {
        if (e instanceof RowError) reject(e);
        else throw e;
      }
    }
    this.open.clear();
  }

  private incident(id: string, acc: Accumulated): HistoricalIncident {
    const c = this.finalCells.at(acc.last, acc.lastRow);
    const k = this.col;
    const openedAt = c.date(k.opened_at, this.parse);
    if (openedAt === undefined) c.required(k.opened_at!, 'missing date');
    const inc: HistoricalIncident = {
      id,
      openedAt: openedAt!,
      firstAssignedAt: acc.firstAssignedAt,
      acknowledgedAt: acc.acknowledgedAt,
      resolvedAt: c.date(k.resolved_at, this.parse),
      closedAt: c.date(k.closed_at, this.parse),
      priority: c.mapped(k.priority, servicenowPriority, 'priority', '"1 - Critical" … "5 - Planning"'),
      impact: c.text(k.impact),
      urgency: c.text(k.urgency),
      category: c.text(k.category),
      group: c.text(k.assignment_group),
      assignee: c.text(k.assigned_to),
      reassignments: c.count(k.reassignment_count),
      reopens: c.count(k.reopen_count),
      madeSla: c.bool(k.made_sla),
      updates: c.count(k.sys_mod_count),
      knowledge: c.bool(k.knowledge),
      closedCode: c.text(k.closed_code),
      problemId: c.text(k.problem_id),
      events: acc.events.length > 0 ? sortEvents(acc.events) : undefined,
    };
    checkOrder(c, inc, k.opened_at!, k.resolved_at, k.closed_at);
    return compact(inc);
  }
}

/** Events in time order, ties kept in file order (a stable sort). */
export function sortEvents(events: CaseEvent[]): CaseEvent[] {
  for (let i = 1; i < events.length; i++) if (events[i].at < events[i - 1].at) return events.map((e, k) => [e, k] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([e]) => e);
  return events;
}
