/**
 * Runs the replications of a scenario and summarises them. A replication is a pure function of
 * (scenario, replication index): it can run in this thread, in a worker, or on another machine
 * (a shard), and the summary over the same indices is byte-identical.
 */
import { computeReplicationMetrics, checkInvariants, IncidentAccumulator, recordProblem, TimelineAccumulator } from '../metrics/index.js';
import { summarise, type SummaryMeta } from '../metrics/summary.js';
import type { ReplicationMetrics, Summary } from '../metrics/types.js';
import { buildModel } from '../model/build.js';
import type { Model } from '../model/types.js';
import type { Scenario } from '../scenario/schema.js';
import { VERSION } from '../version.js';
import type { IncidentRecord } from './records.js';
import { recordOf, runReplication, type IncidentReader, type ReplicationOptions, type TraceEvent } from './lifecycle/index.js';

/** Options that change how one replication runs (drills and tracing), beyond the scenario. */
export type ReplicationExtras = Omit<ReplicationOptions, 'index' | 'onIncident' | 'readIncident' | 'trace'>;

/** What one replication hands back to the runner (plain data: it crosses worker boundaries). */
export interface ReplicationResult {
  metrics: ReplicationMetrics;
  /** incident records, when asked for (`keepIncidents`) */
  incidents?: IncidentRecord[];
  /** event log, when asked for (`trace`) */
  trace?: TraceEvent[];
  events: number;
}

export interface ReplicationRequest {
  index: number;
  keepIncidents?: boolean;
  trace?: boolean;
  extras?: ReplicationExtras;
}

/** Metric options derived from the model. */
export function metricOptions(model: Model) {
  const slaTargets: Record<string, { respond?: number; resolve?: number; target?: number; calendar: string }> = {};
  for (const [p, s] of model.sla) slaTargets[p] = { respond: s.respond, resolve: s.resolve, target: s.target, calendar: s.calendarName };
  const requestSlaTargets: typeof slaTargets = {};
  for (const [p, s] of model.requestSla) requestSlaTargets[p] = { respond: s.respond, resolve: s.resolve, target: s.target, calendar: s.calendarName };
  return {
    slaTargets,
    itil: model.itil ? { requestSlaTargets } : undefined,
    priorityWeights: model.priorityWeights,
    workloadUnit: model.workloadUnit,
    highSeverity: ['P1', 'P2'],
    backlogGridMinutes: 60,
  };
}

/**
 * Runs one replication and computes its metrics. Incident records stream into the metrics as
 * they close, so memory does not grow with the number of incidents unless they are kept
 * (`keepIncidents`). Throws if an invariant of METRICS.md fails.
 */
export function runOne(model: Model, req: ReplicationRequest): ReplicationResult {
  const trace: TraceEvent[] | undefined = req.trace ? [] : undefined;
  const opts = metricOptions(model);
  // the columns sized for the incidents expected after the warm-up, with a tenth to spare (a
  // million-incident replication then writes its columns once instead of doubling them 10 times)
  const expectedRows = Math.ceil(((model.expectedIncidents * Math.max(0, model.horizon - model.warmup)) / model.horizon) * 1.1);
  const acc = new IncidentAccumulator(opts.slaTargets, model.horizon, opts.itil, expectedRows);
  const timeline = timelineOf(model, opts.slaTargets);
  const reader = new StreamedRecords(acc, timeline, req.keepIncidents ? [] : undefined, model.horizon);
  const out = runReplication(model, {
    index: req.index,
    ...(req.extras ?? {}),
    trace: trace ? (e) => trace.push(e) : undefined,
    readIncident: reader,
  });
  const { counted, recordError, kept } = reader;
  const problems = [...checkInvariants(out, counted), ...(recordError ? [recordError] : [])];
  if (problems.length > 0) throw new Error(`replication ${req.index}: invariant violated: ${problems.join('; ')}`);
  const metrics = computeReplicationMetrics(out, opts, acc, timeline?.result());
  return { metrics, incidents: kept, trace, events: out.events };
}

/** Each closed incident itself, read at once: streamed into the metrics, counted, checked, and copied only when records are kept. */
class StreamedRecords implements IncidentReader {
  /** incidents counted in the figures (neither seeded nor in the warm-up) */
  counted = 0;
  /** the first record whose timestamps are impossible */
  recordError: string | undefined = undefined;

  constructor(
    private readonly acc: IncidentAccumulator,
    private readonly timeline: TimelineAccumulator | undefined,
    readonly kept: IncidentRecord[] | undefined,
    private readonly horizon: number,
  ) {}

  read(rec: IncidentRecord): void {
    this.acc.add(rec);
    this.timeline?.add(rec);
    // (adds 0 rather than branching, and reads both, seeded first: no path first taken after the warm-up)
    this.counted += rec.seeded || rec.warmup ? 0 : 1;
    this.recordError ??= recordProblem(rec, this.horizon);
    this.kept?.push(recordOf(rec));
  }
}

/**
 * The figures over time the scenario asks for: aging buckets (`aging`, by default [1d, 3d, 7d]
 * when starting from a backlog), burn-down and daily SLA (a backlog), KPIs per week (staffing that
 * changes: `from`, `until`, `ramp`; or a backlog). Undefined when none is asked for.
 */
function timelineOf(model: Model, slaTargets: ReturnType<typeof metricOptions>['slaTargets']): TimelineAccumulator | undefined {
  const backlog = model.backlog.length > 0;
  const staffing = model.engineers.some((e) => e.ramp !== undefined) || model.staffingChanges;
  const aging = model.aging ?? (backlog ? [1440, 3 * 1440, 7 * 1440] : undefined);
  if (!aging && !backlog && !staffing) return undefined;
  return new TimelineAccumulator({ slaTargets, grid: 60, horizon: model.horizon, windowFrom: model.warmup, aging, backlog, periods: backlog || staffing });
}

export interface RunResult {
  summary: Summary;
  replications: ReplicationMetrics[];
  /** incidents of the first replication run (for reports and incidents.csv) */
  incidents: IncidentRecord[];
  trace?: TraceEvent[];
  events: number;
  wallSeconds: number;
}

export interface RunScenarioOptions {
  /** replication indices to run (default 0 … replications−1) */
  indices?: number[];
  trace?: boolean;
  /** keep the first replication's incident records (default true; false for large runs: they are the only per-incident memory) */
  keepIncidents?: boolean;
  extras?: ReplicationExtras;
  /** called after each replication (progress) */
  onProgress?: (done: number, total: number) => void;
}

/** Summary metadata for a model (the optional parts only when the scenario uses them, so summaries without them are unchanged). */
export function summaryMeta(model: Model): SummaryMeta {
  const slaTargets = metricOptions(model).slaTargets;
  const backlog = model.backlog.length > 0;
  const aging = model.aging ?? (backlog ? [1440, 3 * 1440, 7 * 1440] : undefined);
  // recovery: back at the lowest stated target of the priorities with a resolve target (95% if none is stated)
  const targets = Object.values(slaTargets).filter((t) => t.resolve !== undefined && t.target !== undefined).map((t) => t.target!);
  return {
    scenario: model.name,
    seed: model.seed,
    horizonMinutes: model.horizon,
    warmupMinutes: model.warmup,
    incisimVersion: VERSION,
    slaTargets,
    modelArrivalsByHourOfWeek: modelArrivalsByHourOfWeek(model),
    ...(model.burnout ? { burnout: model.burnout } : {}),
    ...(aging ? { aging } : {}),
    ...(backlog ? { slaRecoveryTarget: targets.length > 0 ? Math.min(...targets) : 0.95, seeded: model.backlog.length } : {}),
  };
}

/** Expected arrivals per hour of week per week, all classes together (for reports). */
export function modelArrivalsByHourOfWeek(model: Model): number[] {
  const how = new Array<number>(168).fill(0);
  const table = model.hours.get(model.timezone);
  const weeks = (model.horizon - model.warmup) / 10080;
  for (let h = Math.ceil(model.warmup / 60); h * 60 < model.horizon; h++) {
    let rate = 0;
    for (const c of model.classes) rate += c.arrivals.expected(h * 60, (h + 1) * 60);
    how[table.hourOfWeek[h]] += rate / weeks;
  }
  return how;
}

/** Runs a scenario in this thread. */
export function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): RunResult {
  const started = performance.now();
  const model = buildModel(scenario);
  const indices = options.indices ?? Array.from({ length: model.replications }, (_, i) => i);
  const results: ReplicationResult[] = [];
  for (const [k, index] of indices.entries()) {
    results.push(runOne(model, { index, keepIncidents: k === 0 && options.keepIncidents !== false, trace: k === 0 && options.trace, extras: options.extras }));
    options.onProgress?.(k + 1, indices.length);
  }
  return assemble(model, results, (performance.now() - started) / 1000);
}

/** Puts replication results (in index order) together into a RunResult. */
export function assemble(model: Model, results: ReplicationResult[], wallSeconds: number): RunResult {
  const metrics = results.map((r) => r.metrics).sort((a, b) => a.index - b.index);
  return {
    summary: summarise(metrics, summaryMeta(model)),
    replications: metrics,
    incidents: results[0]?.incidents ?? [],
    trace: results[0]?.trace,
    events: results.reduce((s, r) => s + r.events, 0),
    wallSeconds,
  };
}
