import { readTextFile } from '../../files.js';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../../errors.js';
import { checkZone, dateParser } from '../dates.js';
import type { ImportProfile } from '../profile.js';
import { oneRowSink, plainPriority, type Field } from './onerow.js';

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
 * ```
 */
export interface GenericMapping {
  columns: Partial<Record<Field, string>>;
  priorities?: Record<string, string>;
  dateFormat?: string;
  timezone?: string;
  missing?: string[];
}

const FIELDS: Field[] = ['id', 'openedAt', 'firstAssignedAt', 'acknowledgedAt', 'resolvedAt', 'closedAt', 'priority', 'impact', 'urgency', 'category', 'group', 'assignee', 'reassignments', 'reopens', 'madeSla', 'updates'];
const KEYS = ['columns', 'priorities', 'dateFormat', 'timezone', 'missing'];

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
  for (const req of ['id', 'openedAt']) if (cols[req] === undefined) throw new UserError(`${file}: columns.${req}: required (the column holding the incident ${req === 'id' ? 'id' : 'opening time'})`);
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
    const columns: Partial<Record<Field, string[]>> = {};
    for (const [f, c] of Object.entries(mapping.columns)) columns[f as Field] = [c as string];
    const values = mapping.priorities;
    return oneRowSink(header, ctx, {
      profile: 'generic',
      columns,
      dates: dateParser(mapping.dateFormat ?? 'iso', ctx.zone),
      priority: values
        ? { map: (s) => values[s], expected: Object.keys(values).map((k) => `"${k}"`).join(', ') }
        : { map: plainPriority, expected: 'P1..P5' },
    });
  },
};
