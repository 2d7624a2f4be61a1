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
}
