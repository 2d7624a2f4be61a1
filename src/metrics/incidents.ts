/**
 * Incident figures, accumulated one closed incident at a time (so a replication need not keep its
 * records): MTTA, first response, MTTR, MTTE, SLA attainment, reassignment and escalation
 * density, overall, per priority and per team (the team holding the incident at the end).
 * Only incidents opened after the warm-up count (METRICS.md); incidents open at the horizon count
 * as arrivals and as open, never as resolved.
 */
import type { IncidentRecord } from '../sim/records.js';
import { mean, quantilesInPlace } from './stats.js';
import type { KpiValues } from './types.js';

/** SLA targets per priority, in minutes on the priority's calendar. */
export type SlaTargets = Record<string, { respond?: number; resolve?: number; target?: number; calendar: string }>;

/** A growable column of doubles (8 bytes a value, no per-value objects), room for `capacity` before it first grows. */
class Column {
  private data: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(1024, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }
}

/** A growable column of small integers (group ids, −1: none): 4 bytes a value, room for `capacity` before it first grows. */
class IntColumn {
  private data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(1024, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i];
  }
}

/** Counters of one group (all, a priority, a team); its durations live in the accumulator's columns. */
class Group {
  /** its number among the accumulator's groups (the whole is 0) */
  constructor(readonly id: number) {}

  arrivals = 0;
  resolved = 0;
  reassignments = 0;
  functional = 0;
  hierarchical = 0;
  tteSum = 0;
  tteN = 0;
  respond = { met: 0, n: 0 };
  resolve = { met: 0, n: 0 };
  sla = { met: 0, n: 0 };
  /** ITIL counters (#19), filled only when the accumulator reports them */
  itil = { knownError: 0, everResolved: 0, reopened: 0, fcrN: 0, fcrMet: 0, commsAssignee: 0, commsLead: 0, misclassified: 0, recurrences: 0 };

  /**
   * Figures of the group, given its times to acknowledge, first respond and resolve (in row
   * order; reordered here: each mean is taken before its quantiles); with `itil`, the ITIL figures too.
   */
  kpis(tta: Float64Array, fr: Float64Array, ttr: Float64Array, itil = false): KpiValues {
    const k: KpiValues = { arrivals: this.arrivals, resolved: this.resolved, openAtHorizon: this.arrivals - this.resolved };
    const put = (name: string, v: number | undefined) => {
      if (v !== undefined && Number.isFinite(v)) k[name] = v;
    };
    if (tta.length) {
      put('mtta', mean(tta));
      const [median, p90, p95] = quantilesInPlace(tta, [0.5, 0.9, 0.95]);
      put('mttaMedian', median);
      put('mttaP90', p90);
      put('mttaP95', p95);
    }
    if (fr.length) put('firstResponseMedian', quantilesInPlace(fr, [0.5])[0]);
    if (ttr.length) {
      put('mttr', mean(ttr));
      const [median, p90, p95, p99] = quantilesInPlace(ttr, [0.5, 0.9, 0.95, 0.99]);
      put('mttrMedian', median);
      put('mttrP90', p90);
      put('mttrP95', p95);
      put('mttrP99', p99);
    }
    if (this.tteN) put('mtte', this.tteSum / this.tteN);
    if (this.sla.n) put('slaAttainment', this.sla.met / this.sla.n);
    if (this.respond.n) put('slaRespondAttainment', this.respond.met / this.respond.n);
    if (this.resolve.n) put('slaResolveAttainment', this.resolve.met / this.resolve.n);
    if (this.arrivals) {
      put('reassignmentRate', this.reassignments / this.arrivals);
      put('escalationDensity', (this.functional + this.hierarchical) / this.arrivals);
      put('functionalEscalationDensity', this.functional / this.arrivals);
      put('hierarchicalEscalationDensity', this.hierarchical / this.arrivals);
    }
    if (itil) {
      const c = this.itil;
      if (c.fcrN) put('firstContactResolution', c.fcrMet / c.fcrN);
      if (c.everResolved) put('reopenRate', c.reopened / c.everResolved);
      if (this.arrivals) {
        put('knownErrorHitRate', c.knownError / this.arrivals);
        put('misclassificationRate', c.misclassified / this.arrivals);
        put('recurrenceRate', c.recurrences / this.arrivals);
        put('commsMinutesPerIncident', (c.commsAssignee + c.commsLead) / this.arrivals);
        put('commsMinutesPerIncident.assignee', c.commsAssignee / this.arrivals);
        put('commsMinutesPerIncident.communications', c.commsLead / this.arrivals);
      }
    }
    return k;
  }
}

/**
 * Whether an incident was resolved at first contact: resolved by a person (not auto-remediated)
 * in the team that first received it, with no reassignment, functional escalation, misroute,
 * misclassification or reopen.
 */
export function firstContact(rec: IncidentRecord): boolean {
  return (
    rec.resolvedAt !== undefined && !rec.autoRemediated && rec.reassignments === 0 && !rec.misrouted && !rec.misclassified &&
    !rec.reopens && rec.team === rec.firstTeam && !rec.escalations.some((e) => e.kind === 'functional')
  );
}

/** What the ITIL figures need (issue #19): the SLA targets of service requests per priority. */
export interface ItilMetricOptions {
  requestSlaTargets: SlaTargets;
}

export interface IncidentFigures {
  kpis: KpiValues;
  byPriority: Record<string, KpiValues>;
  byTeam: Record<string, KpiValues>;
  /** per ticket type and per closure code (only with ItilMetricOptions) */
  byType?: Record<string, KpiValues>;
  byClosureCode?: Record<string, KpiValues>;
  mtteByLevel: Record<string, number>;
  /** counted incidents and the sum of their times in system up to the horizon (minutes), for Little's law */
  counted: number;
  sojournMinutes: number;
  /** age at the horizon of the oldest incident still open (any arrival time), minutes */
  oldestOpenAge: number;
}

const LEVEL_KEYS: Record<string, string[]> = { functional: [], hierarchical: [] };
/** `${kind}:${level}`, made once per kind and level. */
function levelKey(kind: string, level: number): string {
  const keys = (LEVEL_KEYS[kind] ??= []);
  return (keys[level] ??= `${kind}:${level}`);
}

/** Streams incident records into the incident figures. */
export class IncidentAccumulator {
  private readonly all = new Group(0);
  private groups = 1;
  private readonly priorities = new Map<string, Group>();
  private readonly teams = new Map<string, Group>();
  private readonly types = new Map<string, Group>();
  private readonly codes = new Map<string, Group>();
  private readonly levels = new Map<string, { sum: number; n: number }>();
  /** one row per counted incident: its priority and team (indexes in insertion order of the maps) and durations (NaN: none) */
  private readonly rowPriority: IntColumn;
  private readonly rowTeam: IntColumn;
  /** with ITIL figures: each row's type group and closure-code group (−1: none, the incident is open) */
  private readonly rowType: IntColumn;
  private readonly rowCode: IntColumn;
  private readonly tta: Column;
  private readonly fr: Column;
  private readonly ttr: Column;
  private sojourn = 0;
  private oldest = 0;

  constructor(
    private readonly slaTargets: SlaTargets,
    private readonly horizon: number,
    /** report the ITIL figures and the per-type and per-closure-code groups (#19) */
    private readonly itil?: ItilMetricOptions,
    /** how many incidents are expected to count (a sizing hint: the columns are made that long, and grow past it) */
    expectedRows = 0,
  ) {
    this.rowPriority = new IntColumn(expectedRows);
    this.rowTeam = new IntColumn(expectedRows);
    this.rowType = new IntColumn(itil ? expectedRows : 0);
    this.rowCode = new IntColumn(itil ? expectedRows : 0);
    this.tta = new Column(expectedRows);
    this.fr = new Column(expectedRows);
    this.ttr = new Column(expectedRows);
  }

  add(rec: IncidentRecord): void {
    const open = rec.resolvedAt === undefined;
    if (open) this.oldest = Math.max(this.oldest, this.horizon - rec.openedAt);
    if (rec.warmup) return;
    // time in system for Little's law, within the simulation: a reopened incident is out of it between
    // resolution and reopen, and a backlog ticket's past (before minute 0) is not in L either
    this.sojourn += (rec.resolvedAt ?? this.horizon) - Math.max(0, rec.openedAt) - (rec.reopenedAt !== undefined ? rec.reopenedAt - rec.firstResolvedAt! : 0);
    const p = this.group(this.priorities, rec.priority);
    const t = this.group(this.teams, rec.team);
    const sla = this.sla(rec);
    const firstEscalation = rec.escalations.length ? rec.escalations[0].at - rec.openedAt : undefined;
    this.rowPriority.push(p.id);
    this.rowTeam.push(t.id);
    this.ttr.push(open ? NaN : rec.resolvedAt! - rec.openedAt);
    this.tta.push(rec.firstAckAt !== undefined ? rec.firstAckAt - rec.openedAt : NaN);
    const response = rec.firstAckAt ?? rec.firstWorkAt;
    this.fr.push(response !== undefined ? response - rec.openedAt : NaN);
    this.count(this.all, rec, open, firstEscalation, sla);
    this.count(p, rec, open, firstEscalation, sla);
    this.count(t, rec, open, firstEscalation, sla);
    if (this.itil) {
      const y = this.group(this.types, rec.type);
      this.rowType.push(y.id);
      this.count(y, rec, open, firstEscalation, sla);
      const code = rec.closureCode !== undefined && !open ? this.group(this.codes, rec.closureCode) : undefined;
      this.rowCode.push(code ? code.id : -1);
      if (code) this.count(code, rec, open, firstEscalation, sla);
      this.countItil(this.all, rec, open);
      this.countItil(p, rec, open);
      this.countItil(t, rec, open);
      this.countItil(y, rec, open);
      if (code) this.countItil(code, rec, open);
    }
    if (rec.escalations.length === 0) return;
    // the first escalation of each kind and level (a few per incident: no Set, keys made once per level)
    const list = rec.escalations;
    outer: for (let i = 0; i < list.length; i++) {
      const e = list[i];
      for (let j = 0; j < i; j++) if (list[j].kind === e.kind && list[j].level === e.level) continue outer;
      const key = levelKey(e.kind, e.level);
      const level = this.levels.get(key) ?? { sum: 0, n: 0 };
      level.sum += e.at - rec.openedAt;
      level.n++;
      this.levels.set(key, level);
    }
  }

  /** Adds one counted incident to the counters of group `g`. */
  private count(g: Group, rec: IncidentRecord, open: boolean, firstEscalation: number | undefined, sla: { respond?: boolean; resolve?: boolean }): void {
    g.arrivals++;
    if (!open) g.resolved++;
    g.reassignments += rec.reassignments;
    const list = rec.escalations;
    for (let i = 0; i < list.length; i++) list[i].kind === 'functional' ? g.functional++ : g.hierarchical++;
    if (firstEscalation !== undefined) {
      g.tteSum += firstEscalation;
      g.tteN++;
    }
    if (sla.respond !== undefined) {
      g.respond.n++;
      if (sla.respond) g.respond.met++;
    }
    if (sla.resolve !== undefined) {
      g.resolve.n++;
      if (sla.resolve) g.resolve.met++;
    }
    if (sla.respond !== undefined || sla.resolve !== undefined) {
      g.sla.n++;
      if (sla.respond !== false && sla.resolve !== false) g.sla.met++;
    }
  }

  /** Adds one counted incident to the ITIL counters of group `g`. */
  private countItil(g: Group, rec: IncidentRecord, open: boolean): void {
    const c = g.itil;
    if (rec.knownError) c.knownError++;
    if (!open || rec.reopens > 0) c.everResolved++;
    if (rec.reopens > 0) c.reopened++;
    if (!open && !rec.autoRemediated) {
      c.fcrN++;
      if (firstContact(rec)) c.fcrMet++;
    }
    c.commsAssignee += rec.commsAssigneeMinutes;
    c.commsLead += rec.commsLeadMinutes;
    if (rec.misclassified) c.misclassified++;
    if (rec.recurrence) c.recurrences++;
  }

  /**
   * Whether the incident met its response and resolution targets: true, false, or undefined when
   * it cannot be decided (no target; auto-remediated incidents have no response; still open and
   * not yet past the target at the horizon).
   */
  private sla(rec: IncidentRecord): { respond?: boolean; resolve?: boolean } {
    return slaOutcome(rec, (rec.type === 'request' && this.itil ? this.itil.requestSlaTargets : this.slaTargets)[rec.priority], this.outcome);
  }

  /** the one outcome `sla` fills per record (read before the next record) */
  private readonly outcome: { respond?: boolean; resolve?: boolean } = { respond: undefined, resolve: undefined };

  private group(map: Map<string, Group>, key: string): Group {
    let g = map.get(key);
    if (!g) map.set(key, (g = new Group(this.groups++)));
    return g;
  }

  /** The non-missing values of `column` in `rows` (all rows when undefined), in row order, written into `into` (a scratch buffer of one value per row). */
  private values(column: Column, rows: Uint32Array | undefined, into: Float64Array): Float64Array {
    let k = 0;
    if (rows) {
      for (let i = 0; i < rows.length; i++) {
        const v = column.get(rows[i]);
        if (v === v) into[k++] = v;
      }
    } else {
      for (let i = 0; i < column.length; i++) {
        const v = column.get(i);
        if (v === v) into[k++] = v;
      }
    }
    return into.subarray(0, k);
  }

  /** Each group's rows (by group id), in one pass over the rows; the whole has none (all rows). */
  private rowsByGroup(): (Uint32Array | undefined)[] {
    const rows: (Uint32Array | undefined)[] = [undefined];
    for (const g of [...this.priorities.values(), ...this.teams.values(), ...this.types.values(), ...this.codes.values()]) rows[g.id] = new Uint32Array(g.arrivals);
    const fill = new Uint32Array(this.groups);
    for (let i = 0; i < this.ttr.length; i++) {
      const p = this.rowPriority.get(i);
      const t = this.rowTeam.get(i);
      rows[p]![fill[p]++] = i;
      rows[t]![fill[t]++] = i;
      if (this.itil) {
        const y = this.rowType.get(i);
        const c = this.rowCode.get(i);
        rows[y]![fill[y]++] = i;
        if (c >= 0) rows[c]![fill[c]++] = i;
      }
    }
    return rows;
  }

  /** Scratch buffers (one value per row) for a group's times to acknowledge, first respond and resolve, shared by the groups of one `result`. */
  private scratch: [Float64Array, Float64Array, Float64Array] | undefined;

  private groupKpis(g: Group, rows: (Uint32Array | undefined)[]): KpiValues {
    const r = rows[g.id];
    const [a, b, c] = this.scratch!;
    return g.kpis(this.values(this.tta, r, a), this.values(this.fr, r, b), this.values(this.ttr, r, c), this.itil !== undefined);
  }

  result(): IncidentFigures {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rows = this.rowsByGroup();
    const n = this.ttr.length;
    this.scratch = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const figures: IncidentFigures = {
      kpis: this.groupKpis(this.all, rows),
      byPriority: Object.fromEntries(sorted(this.priorities).map(([k, g]) => [k, this.groupKpis(g, rows)])),
      byTeam: Object.fromEntries(sorted(this.teams).map(([k, g]) => [k, this.groupKpis(g, rows)])),
      ...(this.itil ? {
        byType: Object.fromEntries(sorted(this.types).map(([k, g]) => [k, this.groupKpis(g, rows)])),
        byClosureCode: Object.fromEntries(sorted(this.codes).map(([k, g]) => [k, this.groupKpis(g, rows)])),
      } : {}),
      mtteByLevel: Object.fromEntries(sorted(this.levels).map(([k, l]) => [k, l.sum / l.n])),
      counted: this.all.arrivals,
      sojournMinutes: this.sojourn,
      oldestOpenAge: this.oldest,
    };
    this.scratch = undefined;
    return figures;
  }
}

/**
 * Whether an incident met its response and resolution targets (minutes on the priority's
 * calendar): true, false, or undefined when it cannot be decided (no target; auto-remediated
 * incidents have no response; still open and not yet past the target at the horizon).
 */
export function slaOutcome(
  rec: IncidentRecord,
  target: { respond?: number; resolve?: number } | undefined,
  /** filled and returned instead of a new object (a caller streaming records reuses one) */
  out: { respond?: boolean; resolve?: boolean } = {},
): { respond?: boolean; resolve?: boolean } {
  out.respond = undefined;
  out.resolve = undefined;
  if (!target) return out;
  const open = rec.resolvedAt === undefined;
  const elapsed = rec.resolveSlaMinutes;
  if (target.respond !== undefined && !rec.autoRemediated) {
    if (rec.respondSlaMinutes !== undefined) out.respond = rec.respondSlaMinutes <= target.respond;
    else if (open && elapsed !== undefined && elapsed > target.respond) out.respond = false;
  }
  if (target.resolve !== undefined && elapsed !== undefined) {
    if (!open) out.resolve = elapsed <= target.resolve;
    else if (elapsed > target.resolve) out.resolve = false;
  }
  return out;
}
