/**
 * The sizes a scenario (and a run of it) may have. Each bound sits far above any real IT
 * organisation and far below what would exhaust memory or run for days; a value beyond one is a
 * user error naming the field and the bound, found before any work starts (the schema states the
 * static ones, so editors flag them too). The run-time bounds (events and pending events per
 * replication, incidents in one burst) stop a runaway model — a storm that feeds itself — with a
 * message naming the cause instead of an out-of-memory abort.
 */

export const BOUNDS = {
  /** replications of one run */
  replications: 10_000,
  /** engineers in one generated group (`count`) */
  groupCount: 10_000,
  /** engineers in the whole scenario */
  engineers: 20_000,
  /** the horizon, minutes: 3 years (156 weeks) */
  horizonMinutes: 156 * 10_080,
  /** incidents per hour of one class (the perDay and perWeek bounds are the same rate) */
  ratePerHour: 100_000,
  /** expected incidents of one replication (all classes, peaks and storms included) */
  incidentsPerReplication: 5_000_000,
  /** the shortest on-call rotation, minutes */
  rotationMinutes: 60,
  /** years a start, a date or an instant may name */
  firstYear: 1900,
  lastYear: 2999,
  /** the largest UTC offset of an instant, minutes (±18:00, as ISO 8601 and java.time allow) */
  offsetMinutes: 18 * 60,
  /** incidents a storm may spawn at once */
  stormSize: 10_000,
  /** events one replication may run (default of `--max-events`) */
  eventsPerReplication: 200_000_000,
  /** events waiting at once in one replication */
  pendingEvents: 5_000_000,
} as const;

/** "10,000" */
export function fmtBound(n: number): string {
  return n.toLocaleString('en-US');
}
