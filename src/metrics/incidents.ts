/**
 * Incident figures, accumulated one closed incident at a time (so a replication need not keep its
 * records): MTTA, first response, MTTR, MTTE, SLA attainment, reassignment and escalation
 * density, overall, per priority and per team (the team holding the incident at the end).
 * Only incidents opened after the warm-up count (METRICS.md); incidents open at the horizon count
 * as arrivals and as open, never as resolved.
 */
import type { IncidentRecord } from '../sim/records.js';
import { quantilesInPlace } from './stats.js';
import type { KpiValues } from './types.js';
import { DOUBLE_ZERO } from '../kernel/numbers.js';

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

  /** Its values (a view: valid until the next push). */
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  /** A copy of its values (room for `capacity`). */
  copy(capacity: number): Column {
    const c = new Column(Math.max(capacity, this.length));
    c.data.set(this.data.subarray(0, this.length));
    c.length = this.length;
    return c;
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

  /** Its values (a view: valid until the next push). */
  values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** What one counted incident adds to the counters of each of its groups, worked out once per incident (one object, refilled). */
class Tally {
  /** minutes to acknowledge and to resolve (NaN: not acknowledged, not resolved) */
  tta = NaN;
  ttr = NaN;
  resolved = 0;
  reassignments = 0;
  functional = 0;
  hierarchical = 0;
  /** 1 when escalated, and the minutes from opening to its first escalation */
  escalated = 0;
  firstEscalation = DOUBLE_ZERO;
  /** 1 when its response (or resolution) target applies, and 1 when it also met it */
  respondN = 0;
  respondMet = 0;
  resolveN = 0;
  resolveMet = 0;
  /** 1 when either target applies, and 1 when it met every one that does */
  slaN = 0;
  slaMet = 0;
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
  tteSum = DOUBLE_ZERO;
  tteN = 0;
  /** sums of its times to acknowledge and to resolve, in row order (their means: ÷ how many there are) */
  ttaSum = DOUBLE_ZERO;
  ttrSum = DOUBLE_ZERO;
  respond = { met: 0, n: 0 };
  resolve = { met: 0, n: 0 };
  sla = { met: 0, n: 0 };
  /** ITIL counters (#19), filled only when the accumulator reports them */
  itil = { knownError: 0, everResolved: 0, reopened: 0, fcrN: 0, fcrMet: 0, commsAssignee: 0, commsLead: 0, misclassified: 0, recurrences: 0 };

  /**
   * Figures of the group, given its times to acknowledge, first respond and resolve (reordered
   * here; no times to first respond: they are its times to acknowledge); with `itil`, the ITIL
   * figures too.
   */
  kpis(tta: Float64Array, fr: Float64Array | undefined, ttr: Float64Array, itil = false): KpiValues {
    const k: KpiValues = { arrivals: this.arrivals, resolved: this.resolved, openAtHorizon: this.arrivals - this.resolved };
    const put = (name: string, v: number | undefined) => {
      if (v !== undefined && Number.isFinite(v)) k[name] = v;
    };
    if (tta.length) {
      put('mtta', this.ttaSum / tta.length);
      const [median, p90, p95] = quantilesInPlace(tta, [0.5, 0.9, 0.95]);
      put('mttaMedian', median);
      put('mttaP90', p90);
      put('mttaP95', p95);
      if (!fr) put('firstResponseMedian', median);
    }
    if (fr?.length) put('firstResponseMedian', quantilesInPlace(fr, [0.5])[0]);
    if (ttr.length) {
      put('mttr', this.ttrSum / ttr.length);
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

/** Times to escalate to one escalation level: their sum (minutes, in row order) and count. */
interface LevelSum {
  sum: number;
  n: number;
}

/** A priority's group and its SLA targets (of incidents, and of service requests with the ITIL figures), found with one lookup. */
interface PriorityEntry {
  group: Group;
  target: SlaTargets[string] | undefined;
  requestTarget: SlaTargets[string] | undefined;
}

/** Streams incident records into the incident figures. */
export class IncidentAccumulator {
  private readonly all = new Group(0);
  private groups = 1;
  private readonly priorities = new Map<string, PriorityEntry>();
  private readonly teams = new Map<string, Group>();
  private readonly types = new Map<string, Group>();
  private readonly codes = new Map<string, Group>();
  /** per escalation level (by kind, indexed by level): times to escalate to it, each incident's first escalation to it */
  private readonly functionalLevels: (LevelSum | undefined)[] = [];
  private readonly hierarchicalLevels: (LevelSum | undefined)[] = [];
  /** one row per counted incident: its priority and team (indexes in insertion order of the maps) and durations (NaN: none) */
  private readonly rowPriority: IntColumn;
  private readonly rowTeam: IntColumn;
  /** with ITIL figures: each row's type group and closure-code group (−1: none, the incident is open) */
  private readonly rowType: IntColumn;
  private readonly rowCode: IntColumn;
  private readonly tta: Column;
  /**
   * Times to first respond: made (a copy of `tta`) when the first incident responded to by work
   * with no acknowledgement arrives; until then every row's is its time to acknowledge.
   */
  private fr: Column | undefined;
  private readonly ttr: Column;
  private readonly expectedRows: number;
  /** what the incident being added adds to each of its groups */
  private readonly tally = new Tally();
  private sojourn = DOUBLE_ZERO;
  private oldest = DOUBLE_ZERO;

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
    this.ttr = new Column(expectedRows);
    this.expectedRows = expectedRows;
  }

  add(rec: IncidentRecord): void {
    const open = rec.resolvedAt === undefined;
    const age = this.horizon - rec.openedAt;
    this.oldest = Math.max(this.oldest, open ? age : 0); // (computed for every incident: no path first taken at the horizon)
    if (rec.warmup) return;
    // time in system for Little's law, within the simulation: a reopened incident is out of it between
    // resolution and reopen, and a backlog ticket's past (before minute 0) is not in L either
    this.sojourn += (rec.resolvedAt ?? this.horizon) - Math.max(0, rec.openedAt) - (rec.reopenedAt !== undefined ? rec.reopenedAt - rec.firstResolvedAt! : 0);
    const priority = this.priority(rec.priority);
    const p = priority.group;
    const t = this.group(this.teams, rec.team);
    const x = this.tallyOf(rec, open, rec.type === 'request' && this.itil ? priority.requestTarget : priority.target);
    this.rowPriority.push(p.id);
    this.rowTeam.push(t.id);
    this.ttr.push(x.ttr);
    const byWork = rec.firstAckAt === undefined && rec.firstWorkAt !== undefined;
    if (byWork) this.fr ??= this.tta.copy(this.expectedRows);
    this.tta.push(x.tta);
    this.fr?.push(byWork ? rec.firstWorkAt! - rec.openedAt : x.tta);
    this.count(this.all, x);
    this.count(p, x);
    this.count(t, x);
    if (this.itil) {
      const y = this.group(this.types, rec.type);
      this.rowType.push(y.id);
      this.count(y, x);
      const code = rec.closureCode !== undefined && !open ? this.group(this.codes, rec.closureCode) : undefined;
      this.rowCode.push(code ? code.id : -1);
      if (code) this.count(code, x);
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
      const levels = e.kind === 'functional' ? this.functionalLevels : this.hierarchicalLevels;
      const level = (levels[e.level] ??= { sum: DOUBLE_ZERO, n: 0 });
      level.sum += e.at - rec.openedAt;
      level.n++;
    }
  }

  /** What the counted incident `rec` adds to each of its groups, given its SLA target (`this.tally`, refilled). */
  private tallyOf(rec: IncidentRecord, open: boolean, target: { respond?: number; resolve?: number } | undefined): Tally {
    const x = this.tally;
    x.tta = rec.firstAckAt !== undefined ? rec.firstAckAt - rec.openedAt : NaN;
    x.ttr = open ? NaN : rec.resolvedAt! - rec.openedAt;
    x.resolved = open ? 0 : 1;
    x.reassignments = rec.reassignments;
    const list = rec.escalations;
    let functional = 0;
    for (let i = 0; i < list.length; i++) if (list[i].kind === 'functional') functional++;
    x.functional = functional;
    x.hierarchical = list.length - functional;
    x.escalated = list.length ? 1 : 0;
    x.firstEscalation = list.length ? list[0].at - rec.openedAt : 0;
    const sla = slaOutcome(rec, target, this.outcome);
    x.respondN = sla.respond !== undefined ? 1 : 0;
    x.respondMet = sla.respond ? 1 : 0;
    x.resolveN = sla.resolve !== undefined ? 1 : 0;
    x.resolveMet = sla.resolve ? 1 : 0;
    x.slaN = sla.respond !== undefined || sla.resolve !== undefined ? 1 : 0;
    x.slaMet = x.slaN && sla.respond !== false && sla.resolve !== false ? 1 : 0;
    return x;
  }

  /** Adds one counted incident (what it adds: `x`) to the counters of group `g`. */
  private count(g: Group, x: Tally): void {
    g.arrivals++;
    if (!Number.isNaN(x.tta)) g.ttaSum += x.tta;
    if (!Number.isNaN(x.ttr)) g.ttrSum += x.ttr;
    g.resolved += x.resolved;
    g.reassignments += x.reassignments;
    g.functional += x.functional;
    g.hierarchical += x.hierarchical;
    if (x.escalated) {
      g.tteSum += x.firstEscalation;
      g.tteN++;
    }
    g.respond.n += x.respondN;
    g.respond.met += x.respondMet;
    g.resolve.n += x.resolveN;
    g.resolve.met += x.resolveMet;
    g.sla.n += x.slaN;
    g.sla.met += x.slaMet;
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

  /** the one outcome `slaOutcome` fills per record (read at once) */
  private readonly outcome: { respond?: boolean; resolve?: boolean } = { respond: undefined, resolve: undefined };

  /** The group and SLA targets of priority `key`, made on first use. */
  private priority(key: string): PriorityEntry {
    let e = this.priorities.get(key);
    if (!e) {
      e = { group: new Group(this.groups++), target: this.slaTargets[key], requestTarget: this.itil?.requestSlaTargets[key] };
      this.priorities.set(key, e);
    }
    return e;
  }

  private group(map: Map<string, Group>, key: string): Group {
    let g = map.get(key);
    if (!g) map.set(key, (g = new Group(this.groups++)));
    return g;
  }

  /**
   * The figures of each of `groups`, the groups of one partition of the rows (`ids`: each row's
   * group id in it, −1: in none of them; undefined: the whole, every row in group 0). Each column's
   * non-missing values are written in one pass over the rows into a scratch buffer, group after
   * group, and each group's figures read its stretch of the three buffers.
   */
  private partitionKpis(groups: readonly Group[], ids: IntColumn | undefined): KpiValues[] {
    const [a, b, c] = this.scratch!;
    const start = new Int32Array(this.groups);
    let at = 0;
    for (const g of groups) {
      start[g.id] = at;
      at += g.arrivals;
    }
    const ttaEnd = this.scatter(this.tta, ids, start, a);
    const frEnd = this.fr && this.scatter(this.fr, ids, start, b);
    const ttrEnd = this.scatter(this.ttr, ids, start, c);
    return groups.map((g) => {
      const fr = frEnd && b.subarray(start[g.id], frEnd[g.id]);
      return g.kpis(a.subarray(start[g.id], ttaEnd[g.id]), fr, c.subarray(start[g.id], ttrEnd[g.id]), this.itil !== undefined);
    });
  }

  /** Writes the non-missing values of `column` into `into`, each group's from its `start` on (in row order); returns where each group's values end (by group id). */
  private scatter(column: Column, ids: IntColumn | undefined, start: Int32Array, into: Float64Array): Int32Array {
    const end = start.slice();
    const values = column.values();
    if (!ids) {
      let k = 0;
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) into[k++] = values[i]; // NaN: missing
      end[0] = k;
      return end;
    }
    const group = ids.values();
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const g = group[i];
      if (v === v && g >= 0) into[end[g]++] = v; // NaN: missing; −1: in none of the groups
    }
    return end;
  }

  /** Scratch buffers (one value per row) for the groups' times to acknowledge, first respond and resolve, shared by the partitions of one `result`. */
  private scratch: [Float64Array, Float64Array, Float64Array] | undefined;

  result(): IncidentFigures {
    const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    /** the figures of a partition's groups by key, in key order */
    const byKey = (m: Map<string, Group>, ids: IntColumn) => {
      const entries = sorted(m);
      const kpis = this.partitionKpis(entries.map(([, g]) => g), ids);
      return Object.fromEntries(entries.map(([k], i) => [k, kpis[i]]));
    };
    const n = this.ttr.length;
    this.scratch = [new Float64Array(n), new Float64Array(this.fr ? n : 0), new Float64Array(n)];
    const levels: [string, LevelSum][] = [];
    this.functionalLevels.forEach((l, level) => l && levels.push([`functional:${level}`, l]));
    this.hierarchicalLevels.forEach((l, level) => l && levels.push([`hierarchical:${level}`, l]));
    levels.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // (the partitions into several groups first, the whole last: the first selections run before
    // V8 has optimised them, and they cost less as several small ones than as one over every row;
    // each partition scatters its own values, so the order changes no figure)
    const byPriority = byKey(new Map([...this.priorities].map(([k, e]) => [k, e.group])), this.rowPriority);
    const byTeam = byKey(this.teams, this.rowTeam);
    const figures: IncidentFigures = {
      kpis: this.partitionKpis([this.all], undefined)[0],
      byPriority,
      byTeam,
      ...(this.itil ? {
        byType: byKey(this.types, this.rowType),
        byClosureCode: byKey(this.codes, this.rowCode),
      } : {}),
      mtteByLevel: Object.fromEntries(levels.map(([k, l]) => [k, l.sum / l.n])),
      counted: this.all.arrivals,
      sojournMinutes: this.sojourn + 0, // (+ 0: −0 when nothing was added, handed out as 0)
      oldestOpenAge: this.oldest + 0,
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
