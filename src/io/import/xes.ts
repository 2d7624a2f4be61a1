/**
 * XES event logs (IEEE 1849, the process-mining standard), plain or gzip-compressed, read as a
 * stream with `saxes`: each `<trace>` is an incident, each `<event>` one event of it. Standard
 * keys: `concept:name` (the trace's case id; an event's activity), `time:timestamp`,
 * `org:resource` (assignee), `org:group` (group), `lifecycle:transition`. Trace or event
 * attributes named priority / severity, impact, urgency and category (any case) fill those
 * fields (the last value read wins). Events put the incident in phases as the mapping's `phases:`
 * or the default rules say (../phases.ts); see caseIncident for what is derived from them.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { UserError } from '../../errors.js';
import { dateParser } from './dates.js';
import { RowError, compact } from './profile.js';
import type { PhaseReader } from './phases.js';
import { caseIncident } from './profiles/eventlog.js';
import { plainPriority } from './profiles/onerow.js';
import { servicenowPriority, sortEvents } from './profiles/servicenow.js';
import type { CaseEvent, HistoricalIncident } from './types.js';

export interface XesOptions {
  file: string;
  gz: boolean;
  zone: string;
  phases: PhaseReader;
  /** value → P1..P5 (the mapping's priorities), else the built-in reading */
  priorities?: Record<string, string>;
  defaultPriority?: string;
}

/** Priority words and numbers: "P2", "2", "2 - High", "critical" / "major" → P1, "high" → P2, "medium" → P3, "low" → P4. */
export function wordPriority(s: string): string | undefined {
  const p = plainPriority(s) ?? servicenowPriority(s);
  if (p !== undefined) return p;
  const l = s.trim().toLowerCase();
  if (/^(critical|urgent|major|highest|blocker)$/.test(l)) return 'P1';
  if (/^high$/.test(l)) return 'P2';
  if (/^(medium|moderate|normal)$/.test(l)) return 'P3';
  if (/^(low|minor)$/.test(l)) return 'P4';
  if (/^(lowest|trivial|planning)$/.test(l)) return 'P5';
  return undefined;
}

const ATTR = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);

/**
 * Streams an XES file, calling `emit` per trace and `reject` for traces that cannot be read
 * (no events with a time, bad timestamps). Returns the number of events read.
 */
export async function readXes(options: XesOptions, emit: (inc: HistoricalIncident, row: number) => void, reject: (e: RowError) => void): Promise<number> {
  const { file } = options;
  const dates = dateParser('iso', options.zone);
  const parser = new SaxesParser({ position: true });
  let depth = 0;
  let traceDepth = -1;
  let eventDepth = -1;
  let trace: { id?: string; line: number; events: CaseEvent[]; attrs: Record<string, string>; bad?: string } | undefined;
  let event: Record<string, string> | undefined;
  let traces = 0;
  let events = 0;
  const finishEvent = () => {
    const e = event!;
    event = undefined;
    events++;
    if (trace === undefined || trace.bad !== undefined) return;
    const ts = e['time:timestamp'];
    if (ts === undefined) return; // an event without a time cannot be placed: left out
    const at = dates.parse(ts);
    if (at === undefined) {
      trace.bad = `${file}: line ${parser.line}: event time:timestamp "${ts}" is not an ISO 8601 date`;
      return;
    }
    for (const k of ['priority', 'severity', 'impact', 'urgency', 'category']) if (e[k] !== undefined) trace.attrs[k] = e[k];
    const value = e['concept:name'];
    trace.events.push({ at, phase: options.phases.read(value, e['lifecycle:transition']), assignee: e['org:resource'], group: e['org:group'], value });
  };
  const finishTrace = () => {
    const t = trace!;
    trace = undefined;
    traces++;
    const id = t.id ?? `trace-${traces}`;
    try {
      if (t.bad !== undefined) throw new RowError('bad date', t.bad);
      if (t.events.length === 0) throw new RowError('no events', `${file}: line ${t.line}: trace "${id}" has no event with a time:timestamp`);
      const raw = t.attrs.priority ?? t.attrs.severity;
      let priority: string | undefined;
      if (raw !== undefined) {
        priority = options.priorities ? options.priorities[raw] : wordPriority(raw);
        if (priority === undefined) throw new RowError('unknown priority', `${file}: line ${t.line}: trace "${id}": priority "${raw}" is not a known priority; expected ${options.priorities ? Object.keys(options.priorities).map((k) => `"${k}"`).join(', ') : 'P1..P5, 1..5 or critical/high/medium/low'}`);
      }
      const inc = caseIncident(id, sortEvents(t.events), { priority: priority ?? options.defaultPriority, impact: t.attrs.impact, urgency: t.attrs.urgency, category: t.attrs.category });
      emit(compact(inc), t.line);
    } catch (e) {
      if (e instanceof RowError) reject(e);
      else throw e;
    }
  };
  parser.on('opentag', (tag) => {
    depth++;
    const name = tag.name;
    if (name === 'trace' && traceDepth < 0) {
      traceDepth = depth;
      trace = { line: parser.line, events: [], attrs: {} };
    } else if (name === 'event' && trace !== undefined && eventDepth < 0) {
      eventDepth = depth;
      event = {};
    } else if (ATTR.has(name)) {
      const key = String(tag.attributes.key ?? '');
      const value = String(tag.attributes.value ?? '');
      if (event !== undefined && depth === eventDepth + 1) event[key.startsWith('concept:') || key.startsWith('time:') || key.startsWith('org:') || key.startsWith('lifecycle:') ? key : key.toLowerCase()] = value;
      else if (trace !== undefined && event === undefined && depth === traceDepth + 1) {
        if (key === 'concept:name') trace.id = value;
        else trace.attrs[key.toLowerCase()] = value;
      }
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'event' && depth === eventDepth) {
      eventDepth = -1;
      finishEvent();
    } else if (tag.name === 'trace' && depth === traceDepth) {
      traceDepth = -1;
      finishTrace();
    }
    depth--;
  });
  let failure: Error | undefined;
  parser.on('error', (e) => {
    failure ??= new UserError(`${file}: not valid XML (${e.message.split('\n')[0]})`);
  });
  const source = createReadStream(file);
  const stream = options.gz ? source.pipe(createGunzip()) : source;
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.write(chunk);
      if (failure) throw failure;
    }
    parser.close();
  } catch (e) {
    if (e instanceof UserError) throw e;
    const err = e as Error & { code?: string };
    if (err.code?.startsWith('Z_')) throw new UserError(`${file}: not a readable gzip file (${err.message})`);
    throw failure ?? e;
  }
  if (failure) throw failure;
  if (traces === 0) throw new UserError(`${file}: an XES log with no <trace>; expected one trace per incident`);
  return events;
}

/** True when the (decompressed) file starts like XML (`<?xml` or `<log`, after a BOM and whitespace). */
export async function looksLikeXml(file: string, gz: boolean): Promise<boolean> {
  const source = createReadStream(file, gz ? {} : { end: 511 });
  const stream = gz ? source.pipe(createGunzip()) : source;
  let head = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      head += chunk.toString('latin1');
      if (head.length >= 256) break;
    }
  } catch {
    return false;
  } finally {
    source.destroy();
  }
  return /^(\uFEFF|\xEF\xBB\xBF)?\s*<(\?xml|log[\s>])/.test(head);
}
