/**
 * Figures over replications: every per-replication figure becomes an Estimate (mean and 95%
 * Student-t interval), and comparisons of two configurations become the estimate of their
 * difference — paired when both ran the same replication indices (common random numbers),
 * Welch's unpaired interval otherwise. Output order is fixed (KPI order, then sorted keys), so
 * summary.json is byte-identical for the same replications.
 */
import { estimate, mean, NON_NEGATIVE, SHARE, t975, type Domain } from './stats.js';
import { burnoutFlags, type BurnoutThresholds } from './burnout.js';
import { agingLabels } from './aging.js';
import { recoveryDay } from './timeline.js';
import { KPI_NAMES, SHARE_KPIS, SIGNED_KPIS, type Estimate, type KpiValues, type ReplicationMetrics, type Summary } from './types.js';

export { estimate, t975 } from './stats.js';

/** What the summary echoes of the model (see `summaryMeta` in src/sim/run.ts). */
export interface SummaryMeta {
  scenario: string;
  seed: number | string;
  horizonMinutes: number;
  warmupMinutes: number;
  incisimVersion: string;
  slaTargets: Summary['slaTargets'];
  modelArrivalsByHourOfWeek: number[];
  /** burnout thresholds (scenarios with `burnout`) */
  burnout?: BurnoutThresholds;
  /** aging bucket bounds, minutes */
  aging?: number[];
  /** the share daily resolve-SLA attainment must reach again (runs from a backlog) */
  slaRecoveryTarget?: number;
  /** tickets seeded from a backlog */
  seeded?: number;
}

const ORDER = new Map<string, number>(KPI_NAMES.map((k, i) => [k, i]));
const byKpiOrder = (a: string, b: string) => (ORDER.get(a) ?? 1e9) - (ORDER.get(b) ?? 1e9) || (a < b ? -1 : a > b ? 1 : 0);

const UNBOUNDED: Domain = [-Infinity, Infinity];

/** The domain of a named figure: shares in [0, 1], balances unbounded, everything else (counts, durations, ratios) in [0, ∞). */
export function domainOf(name: string): Domain {
  return SHARE_KPIS.has(name) ? SHARE : SIGNED_KPIS.has(name) ? UNBOUNDED : NON_NEGATIVE;
}

/**
 * Estimates of every figure present in at least one of `rows` (figures absent from a replication
 * are not imputed), each interval clipped to the figure's domain (`domainOf`).
 */
export function estimateAll(rows: readonly KpiValues[]): Record<string, Estimate> {
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort(byKpiOrder);
  const out: Record<string, Estimate> = {};
  for (const k of names) out[k] = estimate(rows.filter((r) => r[k] !== undefined).map((r) => r[k]), domainOf(k));
  return out;
}

function grouped(rows: readonly Record<string, KpiValues>[]): Record<string, Record<string, Estimate>> {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort();
  return Object.fromEntries(keys.map((k) => [k, estimateAll(rows.map((r) => r[k]).filter((x): x is KpiValues => x !== undefined))]));
}

/** The run's summary from its replications (any order; sorted by index here). */
export function summarise(replications: readonly ReplicationMetrics[], meta: SummaryMeta): Summary {
  const reps = [...replications].sort((a, b) => a.index - b.index);
  // From a backlog: the day (1-based) each replication's resolve-SLA attainment is back at the target for good (absent if never).
  const kpiRows = reps.map((r) => {
    const d = meta.slaRecoveryTarget !== undefined && r.dailySla ? recoveryDay(r.dailySla, meta.slaRecoveryTarget) : undefined;
    return d === undefined ? r.kpis : { ...r.kpis, slaRecoveryDay: d + 1 };
  });
  const levels = [...new Set(reps.flatMap((r) => Object.keys(r.mtteByLevel)))].sort();
  const first = reps[0];
  const engineers = (first?.engineers ?? []).map((e, i) => {
    const rows = reps.map((r) => r.engineers[i]);
    const avg = (pick: (x: (typeof rows)[number]) => number) => mean(rows.map(pick));
    return {
      id: e.id,
      team: e.team,
      utilisation: avg((x) => x.utilisation),
      workload: avg((x) => x.workload),
      workloadPerAvailableHour: avg((x) => x.workloadPerAvailableHour),
      interruptions: { business: avg((x) => x.interruptions.business), off: avg((x) => x.interruptions.off), sleep: avg((x) => x.interruptions.sleep) },
      utilisationByDay: e.utilisationByDay.map((_, d) => {
        const xs = rows.map((x) => x.utilisationByDay[d]).filter((v): v is number => v !== null);
        return xs.length ? mean(xs) : null;
      }),
    };
  });
  const grid = first?.backlog.t ?? [];
  const band = grid.map((_, j) => estimate(reps.map((r) => r.backlog.open[j] ?? 0), NON_NEGATIVE));
  const extra: Partial<Summary> = {};
  if (meta.burnout && first) {
    extra.burnoutFlags = burnoutFlags(first.engineers, reps.map((r) => r.engineers.map((e) => e.weekly ?? { business: [], off: [], sleep: [] })), meta.burnout, meta.warmupMinutes);
  }
  if (meta.aging && first?.aging) {
    const a = first.aging;
    extra.aging = {
      bounds: meta.aging,
      labels: agingLabels(meta.aging),
      t: a.t,
      mean: a.counts.map((_, k) => a.t.map((_, j) => mean(reps.map((r) => r.aging?.counts[k][j] ?? 0)))),
    };
  }
  if (first?.burnDown) {
    const b = first.burnDown;
    const e = b.t.map((_, j) => estimate(reps.map((r) => r.burnDown?.open[j] ?? 0), NON_NEGATIVE));
    extra.burnDown = { seeded: meta.seeded ?? 0, t: b.t, mean: e.map((x) => x.mean), lo: e.map((x) => x.ci95[0]), hi: e.map((x) => x.ci95[1]) };
  }
  if (first?.dailySla && meta.slaRecoveryTarget !== undefined) {
    const days = first.dailySla.n.map((_, d) => {
      const shares = reps.flatMap((r) => (r.dailySla && r.dailySla.n[d] > 0 ? [r.dailySla.met[d] / r.dailySla.n[d]] : []));
      if (shares.length === 0) return undefined;
      const e = estimate(shares, SHARE);
      return { day: d, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1], replications: shares.length };
    }).filter((x): x is NonNullable<typeof x> => x !== undefined);
    const rec = kpiRows.filter((k) => k.slaRecoveryDay !== undefined).map((k) => k.slaRecoveryDay);
    extra.dailySla = { target: meta.slaRecoveryTarget, days, recovered: rec.length, ...(rec.length > 0 ? { recoveryDay: estimate(rec, NON_NEGATIVE) } : {}) };
  }
  if (first?.byPeriod) extra.byPeriod = grouped(reps.map((r) => r.byPeriod ?? {}));
  return {
    scenario: meta.scenario,
    seed: meta.seed,
    replications: reps.length,
    horizonMinutes: meta.horizonMinutes,
    warmupMinutes: meta.warmupMinutes,
    incisimVersion: meta.incisimVersion,
    kpis: estimateAll(kpiRows),
    byPriority: grouped(reps.map((r) => r.byPriority)),
    byTeam: grouped(reps.map((r) => r.byTeam)),
    ...(reps.some((r) => r.byType) ? {
      byType: grouped(reps.map((r) => r.byType ?? {})),
      byClosureCode: grouped(reps.map((r) => r.byClosureCode ?? {})),
    } : {}),
    mtteByLevel: Object.fromEntries(levels.map((k) => [k, estimate(reps.filter((r) => r.mtteByLevel[k] !== undefined).map((r) => r.mtteByLevel[k]), NON_NEGATIVE)])),
    engineers,
    arrivalsByHourOfWeek: {
      simulated: Array.from({ length: 168 }, (_, h) => (reps.length ? mean(reps.map((r) => r.arrivalsByHourOfWeek[h] ?? 0)) : 0)),
      model: meta.modelArrivalsByHourOfWeek,
    },
    backlog: { t: [...grid], mean: band.map((e) => e.mean), lo: band.map((e) => e.ci95[0]), hi: band.map((e) => e.ci95[1]) },
    slaTargets: meta.slaTargets,
    ...extra,
  };
}

/** The estimated difference `a − b` with its 95% interval; significant when the interval excludes 0. */
export interface DifferenceEstimate extends Estimate {
  significant: boolean;
}

/** Paired difference a − b over the same replication indices (a[i] and b[i] share random numbers). */
export function pairedDifference(a: readonly number[], b: readonly number[]): DifferenceEstimate {
  if (a.length !== b.length) throw new RangeError(`pairedDifference: ${a.length} against ${b.length} values; pairs need equal counts`);
  const e = estimate(a.map((x, i) => x - b[i]));
  return { ...e, significant: e.n >= 2 && (e.ci95[0] > 0 || e.ci95[1] < 0) };
}

/** Welch's unpaired difference a − b (for reference: what the interval would be without pairing). */
export function unpairedDifference(a: readonly number[], b: readonly number[]): DifferenceEstimate {
  const ma = mean(a);
  const mb = mean(b);
  const d = ma - mb;
  if (a.length < 2 || b.length < 2) return { mean: d, ci95: [d, d], n: Math.min(a.length, b.length), significant: false };
  const va = a.reduce((s, x) => s + (x - ma) ** 2, 0) / (a.length - 1) / a.length;
  const vb = b.reduce((s, x) => s + (x - mb) ** 2, 0) / (b.length - 1) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { mean: d, ci95: [d, d], n: Math.min(a.length, b.length), significant: d !== 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const h = t975(Math.max(1, Math.floor(df))) * se;
  return { mean: d, ci95: [d - h, d + h], n: Math.min(a.length, b.length), significant: d - h > 0 || d + h < 0 };
}
