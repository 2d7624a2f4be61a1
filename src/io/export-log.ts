/**
 * A simulated replication as an event log (`incisim run --export-log FILE`): one event per state
 * change of each incident — opened (New, queued in its team), assigned (with the engineer),
 * in progress, awaiting user info (pending) and back, handed back to the queue, moved to another
 * team (escalation or reroute: queued there), resolved — with the engineer and team holding it
 * after the change. `.xes` (or `.xes.gz`) writes XES (concept:name, time:timestamp, org:resource,
 * org:group; the priority as a trace attribute); `.csv` writes the event-log CSV that
 * `incisim import` reads by itself (profile `eventlog`: case_id, timestamp, activity, resource,
 * group, priority). Useful on its own (synthetic data for ticket tools) and as ground truth for
 * the fit (test/fit/roundtrip.test.ts).
 *
 * Units: trace times are simulated minutes from `startMs` (epoch ms); timestamps are ISO 8601 UTC.
 */
import { gzipSync } from 'node:zlib';
import type { TraceEvent } from '../sim/lifecycle/index.js';
import type { IncidentRecord } from '../sim/records.js';

/** One exported event. */
export interface LogEvent {
  case: string;
  /** simulated minutes */
  t: number;
  activity: 'New' | 'Assigned' | 'In Progress' | 'Awaiting User Info' | 'Resolved';
  resource?: string;
  group?: string;
}

/**
 * The event log of one replication from its trace: per incident, the events at which its phase,
 * engineer or team changed (repeats dropped), in trace order.
 */
export function eventLogOf(trace: readonly TraceEvent[]): LogEvent[] {
  const state = new Map<string, { activity?: LogEvent['activity']; resource?: string; group?: string; done: boolean }>();
  const out: LogEvent[] = [];
  const put = (e: TraceEvent, activity: LogEvent['activity'], resource: string | undefined, group: string | undefined) => {
    const id = e.incident!;
    let s = state.get(id);
    if (s === undefined) state.set(id, (s = { done: false }));
    if (s.done) return;
    if (s.activity === activity && s.resource === resource && s.group === group) return;
    s.activity = activity;
    s.resource = resource;
    s.group = group;
    if (activity === 'Resolved') s.done = true;
    out.push({ case: id, t: e.t, activity, resource, group });
  };
  for (const e of trace) {
    if (e.incident === undefined) continue;
    const s = state.get(e.incident);
    switch (e.type) {
      case 'arrived':
        put(e, 'New', undefined, undefined);
        break;
      case 'queued':
        put(e, 'New', undefined, e.team);
        break;
      case 'assigned':
        put(e, 'Assigned', e.engineer, e.team);
        break;
      case 'acknowledged':
      case 'work-started':
      case 'pending-ended':
        if (s?.activity !== 'In Progress' || s.resource !== e.engineer) put(e, 'In Progress', e.engineer ?? s?.resource, e.team ?? s?.group);
        break;
      case 'pending':
        put(e, 'Awaiting User Info', s?.resource, s?.group);
        break;
      case 'released':
        put(e, 'New', undefined, s?.group);
        break;
      case 'escalated':
      case 'rerouted':
        put(e, 'New', undefined, e.team);
        break;
      case 'resolved':
      case 'auto-remediated':
        put(e, 'Resolved', s?.resource, s?.group);
        break;
      default:
        break;
    }
  }
  return out;
}

const iso = (startMs: number, t: number) => new Date(startMs + Math.round(t * 60_000)).toISOString();

/** The CSV form `incisim import` reads without a mapping (profile eventlog). */
export function eventLogCsv(events: readonly LogEvent[], records: readonly IncidentRecord[], startMs: number): string {
  const priority = new Map(records.map((r) => [r.id, r.priority]));
  const cell = (s: string | undefined) => (s === undefined ? '' : /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['case_id,timestamp,activity,resource,group,priority'];
  for (const e of events) lines.push([e.case, iso(startMs, e.t), e.activity, cell(e.resource), cell(e.group), priority.get(e.case) ?? ''].join(','));
  return lines.join('\n') + '\n';
}

/** The XES form (IEEE 1849): one trace per incident, its priority as a trace attribute. */
export function eventLogXes(events: readonly LogEvent[], records: readonly IncidentRecord[], startMs: number): string {
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const byCase = new Map<string, LogEvent[]>();
  for (const e of events) {
    const l = byCase.get(e.case);
    if (l) l.push(e);
    else byCase.set(e.case, [e]);
  }
  const priority = new Map(records.map((r) => [r.id, r.priority]));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">',
    '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
    '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
  ];
  for (const [id, list] of byCase) {
    out.push('  <trace>', `    <string key="concept:name" value="${x(id)}"/>`);
    const p = priority.get(id);
    if (p !== undefined) out.push(`    <string key="priority" value="${x(p)}"/>`);
    for (const e of list) {
      const attrs = [`<string key="concept:name" value="${e.activity}"/>`, `<date key="time:timestamp" value="${iso(startMs, e.t)}"/>`];
      if (e.resource !== undefined) attrs.push(`<string key="org:resource" value="${x(e.resource)}"/>`);
      if (e.group !== undefined) attrs.push(`<string key="org:group" value="${x(e.group)}"/>`);
      out.push(`    <event>${attrs.join('')}</event>`);
    }
    out.push('  </trace>');
  }
  out.push('</log>');
  return out.join('\n') + '\n';
}

/** The log in the form `file`'s name asks for (.csv, .xes, .xes.gz), as bytes; undefined for another extension. */
export function eventLogFile(file: string, events: readonly LogEvent[], records: readonly IncidentRecord[], startMs: number): Buffer | undefined {
  if (/\.csv$/i.test(file)) return Buffer.from(eventLogCsv(events, records, startMs));
  if (/\.xes$/i.test(file)) return Buffer.from(eventLogXes(events, records, startMs));
  if (/\.xes\.gz$/i.test(file)) return gzipSync(eventLogXes(events, records, startMs));
  return undefined;
}
