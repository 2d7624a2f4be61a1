/**
 * Figures over time that a scenario asks for, streamed one closed record at a time (pure):
 * - backlog aging (`aging` bounds): open incidents per age bucket on the backlog grid;
 * - starting from a backlog (records `seeded`): the seeded tickets still open on the grid (the
 *   burn-down), and per day the resolve-SLA attainment of the incidents resolved that day;
 * - per period (`periods`: weeks of the window, when staffing changes over the horizon or a
 *   backlog is seeded): the incident KPIs of the incidents opened in each week (seeded tickets in
 *   the period "backlog").
 */
import type { IncidentRecord } from '../sim/records.js';
import { AgingAccumulator } from './aging.js';
import { IncidentAccumulator, type SlaTargets } from './incidents.js';
import type { KpiValues } from './types.js';

export interface TimelineOptions {
  slaTargets: SlaTargets;
  /** backlog grid, minutes */
  grid: number;
  horizon: number;
  /** start of the measured window (warm-up end), minutes */
  windowFrom: number;
  /** age bucket bounds, minutes (aging chart) */
  aging?: readonly number[];
  /** the run starts from a backlog: burn-down and daily SLA attainment */
  backlog: boolean;
  /** KPIs per week of the window */
  periods: boolean;
}

/** What a replication adds to its metrics from the timeline. */
export interface TimelineFigures {
  aging?: { t: number[]; counts: number[][] };
  burnDown?: { t: number[]; open: number[] };
  /** per day of the horizon: incidents resolved that day with a resolve target, and how many met it */
  dailySla?: { met: number[]; n: number[] };
  byPeriod?: Record<string, KpiValues>;
}

/** The label of week `k` (0-based) of the window: "week-01", … */
export function periodLabel(k: number): string {
  return `week-${String(k + 1).padStart(2, '0')}`;
}

export class TimelineAccumulator {
  private readonly aging?: AgingAccumulator;
  private readonly burn?: AgingAccumulator;
  private readonly met?: Float64Array;
  private readonly n?: Float64Array;
  private readonly periods?: Map<string, IncidentAccumulator>;

  constructor(private readonly o: TimelineOptions) {
    if (o.aging) this.aging = new AgingAccumulator(o.aging, o.grid, o.horizon);
    if (o.backlog) {
      this.burn = new AgingAccumulator([], o.grid, o.horizon);
      const days = Math.ceil(o.horizon / 1440);
      this.met = new Float64Array(days);
      this.n = new Float64Array(days);
    }
    if (o.periods) this.periods = new Map();
  }

  add(rec: IncidentRecord): void {
    this.aging?.add(rec.openedAt, rec.resolvedAt);
    if (rec.seeded) this.burn?.add(rec.openedAt, rec.resolvedAt);
    if (this.n && !rec.warmup && rec.resolvedAt !== undefined) {
      const target = this.o.slaTargets[rec.priority]?.resolve;
      if (target !== undefined && rec.resolveSlaMinutes !== undefined) {
        const day = Math.min(this.n.length - 1, Math.floor(rec.resolvedAt / 1440));
        this.n[day]++;
        if (rec.resolveSlaMinutes <= target) this.met![day]++;
      }
    }
    if (this.periods && !rec.warmup) {
      const key = rec.seeded ? 'backlog' : periodLabel(Math.floor((rec.openedAt - this.o.windowFrom) / 10080));
      let acc = this.periods.get(key);
      if (!acc) this.periods.set(key, (acc = new IncidentAccumulator(this.o.slaTargets, this.o.horizon)));
      acc.add(rec);
    }
  }

  result(): TimelineFigures {
    const out: TimelineFigures = {};
    if (this.aging) out.aging = this.aging.result();
    if (this.burn) {
      const b = this.burn.result();
      out.burnDown = { t: b.t, open: b.counts[0] };
      out.dailySla = { met: Array.from(this.met!), n: Array.from(this.n!) };
    }
    if (this.periods) {
      const keys = [...this.periods.keys()].sort((a, b) => (a === 'backlog' ? -1 : b === 'backlog' ? 1 : a < b ? -1 : 1));
      out.byPeriod = Object.fromEntries(keys.map((k) => [k, this.periods!.get(k)!.result().kpis]));
    }
    return out;
  }
}

/**
 * The first day from which the daily attainment stays at or above `target` on every later day
 * with resolutions (days without any are skipped), or undefined when the last such day misses it.
 */
export function recoveryDay(daily: { met: readonly number[]; n: readonly number[] }, target: number): number | undefined {
  let day: number | undefined;
  for (let d = daily.n.length - 1; d >= 0; d--) {
    if (daily.n[d] === 0) continue;
    if (daily.met[d] / daily.n[d] >= target) day = d;
    else break;
  }
  return day;
}
