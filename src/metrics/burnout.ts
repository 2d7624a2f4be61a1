/**
 * Burnout signals: per engineer and week of the measured window, the interruptions they took
 * (pages and new assignments: all of them, those outside their shift — evening and sleep hours —
 * and those in sleep hours, 22:00–08:00 local), flagged when one exceeds the scenario's
 * threshold. Week k of the window is [from + k·10080, from + (k+1)·10080) minutes; a last,
 * shorter week is kept as it is (its counts are not scaled). Pure functions.
 */
import { mean } from './stats.js';

/** Thresholds per engineer-week: a week is flagged when a count is strictly above its threshold. */
export interface BurnoutThresholds {
  interruptions?: number;
  offHours?: number;
  sleep?: number;
}

/** An engineer's interruptions per week of the window, by local time of day (arrays of equal length). */
export interface WeeklyInterruptions {
  business: number[];
  off: number[];
  sleep: number[];
}

export type BurnoutCriterion = 'interruptions' | 'offHours' | 'sleep';

/** The three counts of one engineer-week. */
export function weekCounts(w: WeeklyInterruptions, week: number): Record<BurnoutCriterion, number> {
  const off = w.off[week] ?? 0;
  const sleep = w.sleep[week] ?? 0;
  return { interruptions: (w.business[week] ?? 0) + off + sleep, offHours: off + sleep, sleep };
}

/** The criteria whose count is above its threshold (in the order interruptions, offHours, sleep). */
export function exceeded(counts: Record<BurnoutCriterion, number>, t: BurnoutThresholds): BurnoutCriterion[] {
  return (['interruptions', 'offHours', 'sleep'] as const).filter((k) => t[k] !== undefined && counts[k] > t[k]!);
}

/** One flagged engineer-week, over replications. */
export interface BurnoutFlag {
  engineer: string;
  team: string;
  /** 1-based week of the measured window */
  week: number;
  /** the week's first minute (simulated minutes since the start) */
  weekStart: number;
  /** replications in which this engineer-week was flagged, and their share */
  flagged: number;
  share: number;
  /** mean counts over all replications */
  interruptions: number;
  offHours: number;
  sleep: number;
  /** criteria exceeded in at least one replication */
  over: BurnoutCriterion[];
}

/** What summary.json holds under `burnoutFlags`. */
export interface BurnoutSummary {
  thresholds: BurnoutThresholds;
  weeks: number;
  replications: number;
  /** engineer-weeks flagged in at least one replication, by week then roster order */
  flags: BurnoutFlag[];
}

/**
 * The flagged engineer-weeks over replications. `reps[r][i]` is engineer i's weekly interruptions
 * in replication r (every replication lists the same engineers in the same order).
 */
export function burnoutFlags(
  engineers: readonly { id: string; team: string }[],
  reps: readonly (readonly WeeklyInterruptions[])[],
  thresholds: BurnoutThresholds,
  windowFrom: number,
): BurnoutSummary {
  const weeks = Math.max(0, ...reps.flatMap((r) => r.map((w) => w.business.length)));
  const flags: BurnoutFlag[] = [];
  for (let week = 0; week < weeks; week++) {
    engineers.forEach((e, i) => {
      const counts = reps.map((r) => weekCounts(r[i], week));
      const over = new Set<BurnoutCriterion>();
      let flagged = 0;
      for (const c of counts) {
        const x = exceeded(c, thresholds);
        if (x.length > 0) flagged++;
        x.forEach((k) => over.add(k));
      }
      if (flagged === 0) return;
      flags.push({
        engineer: e.id,
        team: e.team,
        week: week + 1,
        weekStart: windowFrom + week * 10080,
        flagged,
        share: flagged / reps.length,
        interruptions: mean(counts.map((c) => c.interruptions)),
        offHours: mean(counts.map((c) => c.offHours)),
        sleep: mean(counts.map((c) => c.sleep)),
        over: (['interruptions', 'offHours', 'sleep'] as const).filter((k) => over.has(k)),
      });
    });
  }
  return { thresholds, weeks, replications: reps.length, flags };
}
