import { readTextFile } from '../../files.js';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../../errors.js';
import { checkZone, dateParser } from '../dates.js';
import type { ImportProfile } from '../profile.js';
import { oneRowSink, plainPriority, type Field } from './onerow.js';
import { eventLogSink } from './eventlog.js';
import { PHASES, type Phase } from '../types.js';

/**
 * A mapping file (JSON or YAML) for the generic profile:
 *
 * ```yaml
 * columns:            # field → column name in the CSV header; id and openedAt are required
 *   id: ticket
 *   openedAt: opened
 *   acknowledgedAt: first_response     # optional: any HistoricalIncident field
 *   resolvedAt: resolved
 *   priority: severity
 *   group: team
 *   assignee: owner
 * priorities: { "Sev 1": P1, "Sev 2": P2, "Sev 3": P3 }   # value map; default accepts P1..P5 / 1..5
 * dateFormat: "d/M/yyyy H:mm"   # a luxon format string, or iso | sql | epoch-s | epoch-ms (default iso)
 * timezone: Europe/Berlin       # zone of dates without offset (default UTC; --tz overrides)
 * missing: ["?", "N/A"]         # cells meaning "no value" besides the empty cell
 * delimiter: ";"                # the CSV field delimiter (default ",")
 * defaultPriority: P3           # the priority of incidents whose row has none (default: none)
 * ```
 *
 * The EVENT-LOG form (one row per update or per activity) is chosen by a `timestamp` column:
 *
 * ```yaml
 * columns:
 *   id: case_id          # the case (incident) id
 *   timestamp: time      # when the event happened
 *   state: status        # or activity: the state the incident entered, or the activity done
 *   transition: lifecycle  # optional: an XES-style lifecycle transition (start, suspend, complete …)
 *   assignee: resource   # who holds it after the event
 *   group: team          # which group holds it after the event
 *   priority: severity   # attributes: the last non-empty value of each wins
 * phases: { "In Progress": active, "Waiting for customer": pending }   # overrides the defaults
 * ```
 * Each event puts the incident in a phase (`queued | active | pending | resolved | closed`)
 * read from its state or activity value: the mapping's `phases:` first, then the default rules
 * of ../phases.ts. Opened = the `openedAt` column if mapped, else the first event; resolved = the
 * last time the incident entered `resolved` (or `resolvedAt` if mapped); reassignments = changes
 * of group or assignee after the first; reopens = times it left `resolved` for another phase than
 * `closed`.
 */
export interface GenericMapping {
  columns: Partial<Record<Field | EventField, string>>;
  priorities?: Record<string, string>;
  dateFormat?: string;
  timezone?: string;
  missing?: string[];
  delimiter?: string;
  defaultPriority?: string;
  phases?: Record<string, Phase>;
}

/** Columns only the event-log form reads. */
export type EventField = 'timestamp' | 'state' | 'activity' | 'transition';

const FIELDS: (Field | EventField)[] = ['id', 'openedAt', 'firstAssignedAt', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'priority', 'impact', 'urgency', 'category', 'group', 'assignee', 'reassignments', 'reopens', 'madeSla', 'updates', 'timestamp', 'state', 'activity', 'transition'];
const KEYS = ['columns', 'priorities', 'dateFormat', 'timezone', 'missing', 'delimiter', 'defaultPriority', 'phases'];

/** Reads and checks a mapping file; every problem is a UserError naming the file and field path. */
export function loadMapping(file: string): GenericMapping {
  const text = readTextFile(file, 'the mapping file');
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new UserError(`${file}: not valid YAML or JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return checkMapping(raw, file);
}

/** Validates a parsed mapping object. */
export function checkMapping(raw: unknown, file: string): GenericMapping {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObj(raw)) throw new UserError(`${file}: expected a mapping object with "columns"`);
  for (const k of Object.keys(raw)) if (!KEYS.includes(k)) throw new UserError(`${file}: ${k}: unknown key; expected one of ${KEYS.join(', ')}`);
  const cols = raw.columns;
  if (!isObj(cols)) throw new UserError(`${file}: columns: expected an object field → column name, e.g. { id: ticket, openedAt: opened }`);
  for (const [k, v] of Object.entries(cols)) {
    if (!FIELDS.includes(k as Field)) throw new UserError(`${file}: columns.${k}: unknown field; expected one of ${FIELDS.join(', ')}`);
    if (typeof v !== 'string' || v === '') throw new UserError(`${file}: columns.${k}: expected a column name, got ${JSON.stringify(v)}`);
  }
  const events = cols.timestamp !== undefined;
  if (cols.id === undefined) throw new UserError(`${file}: columns.id: required (the column holding the incident${events ? ' (case)' : ''} id)`);
  if (!events && cols.openedAt === undefined) throw new UserError(`${file}: columns.openedAt: required (the column holding the incident opening time; or columns.timestamp for an event log)`);
  if (events && cols.state === undefined && cols.activity === undefined) throw new UserError(`${file}: columns.state: an event log (columns.timestamp) needs columns.state or columns.activity`);
  if (events && cols.state !== undefined && cols.activity !== undefined) throw new UserError(`${file}: columns.activity: give columns.state or columns.activity, not both`);
  if (!events) for (const k of ['state', 'activity', 'transition']) if (cols[k] !== undefined) throw new UserError(`${file}: columns.${k}: only an event log reads it; add columns.timestamp (the event time)`);
  if (raw.delimiter !== undefined && (typeof raw.delimiter !== 'string' || raw.delimiter.length !== 1 || raw.delimiter === '"' || raw.delimiter === '\n')) {
    throw new UserError(`${file}: delimiter: ${JSON.stringify(raw.delimiter)} is not one character; expected e.g. ";" or "\\t"`);
  }
  if (raw.defaultPriority !== undefined && (typeof raw.defaultPriority !== 'string' || !/^P[1-5]$/.test(raw.defaultPriority))) {
    throw new UserError(`${file}: defaultPriority: ${JSON.stringify(raw.defaultPriority)} is not P1..P5`);
  }
  if (raw.phases !== undefined) {
    if (!isObj(raw.phases)) throw new UserError(`${file}: phases: expected an object value → ${PHASES.join(' | ')}`);
    for (const [k, v] of Object.entries(raw.phases)) {
      if (typeof v !== 'string' || !PHASES.includes(v as Phase)) throw new UserError(`${file}: phases.${k}: ${JSON.stringify(v)} is not a phase; expected ${PHASES.join(', ')}`);
    }
  }
  if (raw.priorities !== undefined) {
    if (!isObj(raw.priorities)) throw new UserError(`${file}: priorities: expected an object value → P1..P5`);
    for (const [k, v] of Object.entries(raw.priorities)) {
      if (typeof v !== 'string' || !/^P[1-5]$/.test(v)) throw new UserError(`${file}: priorities.${k}: ${JSON.stringify(v)} is not P1..P5`);
    }
  }
  if (raw.dateFormat !== undefined && (typeof raw.dateFormat !== 'string' || raw.dateFormat === '')) throw new UserError(`${file}: dateFormat: expected a luxon format string or iso, sql, epoch-s, epoch-ms`);
  if (raw.timezone !== undefined) {
    if (typeof raw.timezone !== 'string') throw new UserError(`${file}: timezone: expected an IANA zone name`);
    checkZone(raw.timezone, `${file}: timezone`);
  }
  if (raw.missing !== undefined && (!Array.isArray(raw.missing) || raw.missing.some((m) => typeof m !== 'string'))) {
    throw new UserError(`${file}: missing: expected a list of strings, e.g. ["?", "N/A"]`);
  }
  return raw as unknown as GenericMapping;
}

/** Any one-row-per-incident CSV, read through a mapping file (never auto-detected). */
export const genericProfile: ImportProfile = {
  name: 'generic',
  detect: () => false,
  start(header, ctx) {
    const mapping = ctx.mapping as GenericMapping | undefined;
    if (mapping === undefined) throw new UserError(`${ctx.file}: the generic profile needs a mapping file (--mapping map.yaml)`);
    const values = mapping.priorities;
    const priority = values
      ? { map: (s: string) => values[s], expected: Object.keys(values).map((k) => `"${k}"`).join(', ') }
      : { map: plainPriority, expected: 'P1..P5' };
    const dates = dateParser(mapping.dateFormat ?? 'iso', ctx.zone);
    if (mapping.columns.timestamp !== undefined) return eventLogSink(header, ctx, { profile: 'generic', columns: mapping.columns, dates, priority, defaultPriority: mapping.defaultPriority });
    const columns: Partial<Record<Field, string[]>> = {};
    for (const [f, c] of Object.entries(mapping.columns)) columns[f as Field] = [c as string];
    return oneRowSink(header, ctx, { profile: 'generic', columns, dates, priority, defaultPriority: mapping.defaultPriority });
  },
};
