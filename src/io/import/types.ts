/**
 * Types of the historical-data import: one normalised record per incident, whatever the source
 * tool. Instants are milliseconds since the Unix epoch (UTC); the importer converts the export's
 * wall-clock dates using the time zone the user states (`--tz`, default UTC).
 */

/** One incident as it was, normalised from a ticket export. */
export interface HistoricalIncident {
  id: string;
  /** Arrival: ms since the Unix epoch, UTC. */
  openedAt: number;
  /** First time someone was assigned (ms since epoch), when the export shows it. */
  firstAssignedAt?: number;
  /** First acknowledgement / response (ms since epoch), or the closest proxy the export has. */
  acknowledgedAt?: number;
  resolvedAt?: number;
  closedAt?: number;
  /** Normalised 'P1'..'P5'. */
  priority?: string;
  impact?: string;
  urgency?: string;
  category?: string;
  group?: string;
  assignee?: string;
  reassignments?: number;
  reopens?: number;
  madeSla?: boolean;
  updates?: number;
  /** ITIL (#19), when the export has them: a knowledge-base article was used to resolve it */
  knowledge?: boolean;
  /** the closure code it was resolved (closed) with */
  closedCode?: string;
  /** the problem record it is linked to */
  problemId?: string;
  /**
   * Event logs only: the incident's events in time order (ties in file order), each the state
   * after one update or one activity. The per-incident timeline (src/fit/timeline.ts) is built
   * from them.
   */
  events?: CaseEvent[];
}

/** What an incident's life is in, as the event log says (see `phases:` in the mapping). */
export type Phase = 'queued' | 'active' | 'pending' | 'resolved' | 'closed';
export const PHASES: readonly Phase[] = ['queued', 'active', 'pending', 'resolved', 'closed'];

/**
 * One event of an incident: at `at` (epoch ms) the incident entered `phase` (undefined: the row's
 * state or activity maps to no phase, and the phase stays what it was), held by `assignee` in
 * `group` (undefined: nobody / no group at that moment).
 */
export interface CaseEvent {
  at: number;
  phase?: Phase;
  assignee?: string;
  group?: string;
  /** the raw state or activity value the phase was read from */
  value?: string;
}

/** What an import read, kept and skipped (and why). */
export interface ImportSummary {
  file: string;
  profile: string;
  /** Data rows read (the header row not counted). */
  rowsRead: number;
  incidentsKept: number;
  rowsSkipped: number;
  /** Reason → count of skipped rows, e.g. { "bad date": 3, "missing id": 1 }. */
  skippedBy: Record<string, number>;
  /** The first few skip messages, each naming file, row, column and value. */
  firstErrors: string[];
  /**
   * Event logs: how each state / activity value was read (value → phase, or "ignored"), with how
   * many events carried it, so that the user sees what the import understood.
   */
  phases?: Record<string, { phase: Phase | 'ignored'; events: number; from: 'default' | 'mapping' }>;
}
