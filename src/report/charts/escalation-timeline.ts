/**
 * An escalation timeline (Gantt) for drills: one lane per engineer or team, bars for time spent
 * queued, being paged and working, and marks for escalations, notifications and resolutions.
 * Built from the event log of a replication (`TraceEvent`s).
 */
import type { TraceEvent } from '../../sim/lifecycle/index.js';
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, r4 } from '../theme.js';

export interface GanttBar {
  lane: string;
  incident: string;
  /** queued, paged, working */
  kind: string;
  start: number;
  end: number;
  detail: string;
}

export interface GanttMark {
  lane: string;
  incident: string;
  /** the event type: arrived, escalated, notified, ack-timeout, rerouted, resolved, … */
  kind: string;
  t: number;
  detail: string;
}

const MARKS = new Set(['arrived', 'seeded', 'escalated', 'notified', 'ack-timeout', 'skipped', 'lost', 'fallback', 'delivered', 'rerouted', 'resolved', 'auto-remediated', 'war-room-opened', 'chain-ended']);

/**
 * Bars and marks from an event log, times in minutes after `origin`. Bars still open at the end of
 * the log end at `end`. Only events of the named incidents are used (all when `incidents` is empty).
 */
export function ganttFromTrace(trace: readonly TraceEvent[], origin: number, end: number, incidents: readonly string[] = []): { bars: GanttBar[]; marks: GanttMark[] } {
  const keep = new Set(incidents);
  const bars: GanttBar[] = [];
  const marks: GanttMark[] = [];
  const open = new Map<string, GanttBar>(); // key: kind|incident|lane
  const start = (kind: string, inc: string, lane: string, t: number, detail: string) => {
    const key = `${kind}|${inc}|${lane}`;
    if (!open.has(key)) open.set(key, { lane, incident: inc, kind, start: t - origin, end: t - origin, detail });
  };
  const close = (kind: string, inc: string, lane: string | undefined, t: number) => {
    for (const [key, b] of open) {
      if (b.kind !== kind || b.incident !== inc || (lane !== undefined && b.lane !== lane)) continue;
      b.end = t - origin;
      bars.push(b);
      open.delete(key);
    }
  };
  for (const e of trace) {
    const inc = e.incident;
    if (inc === undefined || (keep.size > 0 && !keep.has(inc))) continue;
    const who = e.engineer ?? (e.team !== undefined ? `team ${e.team}` : 'incident');
    switch (e.type) {
      case 'queued':
        start('queued', inc, `team ${e.team ?? '?'}`, e.t, e.detail ?? '');
        break;
      case 'assigned':
        close('queued', inc, undefined, e.t);
        break;
      case 'paged':
        start('paged', inc, who, e.t, e.detail ?? '');
        break;
      case 'acknowledged':
        close('paged', inc, who, e.t);
        break;
      case 'work-started':
        start('working', inc, who, e.t, e.detail ?? '');
        break;
      case 'work-paused':
      case 'released':
        close('working', inc, who, e.t);
        close('paged', inc, who, e.t);
        break;
      case 'escalated':
      case 'rerouted':
      case 'resolved':
      case 'auto-remediated':
        close('working', inc, undefined, e.t);
        close('paged', inc, undefined, e.t);
        break;
      case 'ack-timeout':
        close('paged', inc, who, e.t);
        break;
      default:
        break;
    }
    if (MARKS.has(e.type)) marks.push({ lane: e.type === 'arrived' ? 'incident' : who, incident: inc, kind: e.type, t: e.t - origin, detail: e.detail ?? '' });
  }
  for (const b of open.values()) bars.push({ ...b, end: end - origin });
  bars.sort((a, b) => a.start - b.start || a.lane.localeCompare(b.lane));
  return { bars, marks };
}

export function escalationTimelineChart(name: string, title: string, bars: readonly GanttBar[], marks: readonly GanttMark[]): Chart {
  const lanes: string[] = [];
  for (const x of [...marks.filter((m) => m.lane === 'incident'), ...[...bars, ...marks].sort((a, b) => ('start' in a ? a.start : a.t) - ('start' in b ? b.start : b.t))]) {
    if (!lanes.includes(x.lane)) lanes.push(x.lane);
  }
  const y = { field: 'lane', type: 'nominal', title: null, sort: lanes } as const;
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: title, subtitle: 'minutes after the drill started; bars: queued, paged, working; marks: events (hover for details)' },
      config: CONFIG,
      width: 680,
      height: { step: 24 },
      layer: [
        {
          data: { values: bars.map((b) => ({ ...b, start: r4(b.start), end: r4(Math.max(b.end, b.start + 0.2)), minutes: r4(b.end - b.start) })) },
          mark: { type: 'bar', height: 14, cornerRadius: 2 },
          encoding: {
            y,
            x: { field: 'start', type: 'quantitative', title: 'minutes after the drill started' },
            x2: { field: 'end' },
            color: { field: 'kind', type: 'nominal', title: 'state', scale: { domain: ['queued', 'paged', 'working'], range: ['#999999', '#E69F00', '#0072B2'] } },
            tooltip: [
              { field: 'incident', type: 'nominal' },
              { field: 'lane', type: 'nominal', title: 'who' },
              { field: 'kind', type: 'nominal', title: 'state' },
              { field: 'start', type: 'quantitative', format: '.1f', title: 'from (min)' },
              { field: 'minutes', type: 'quantitative', format: '.1f', title: 'for (min)' },
              { field: 'detail', type: 'nominal' },
            ],
          },
        },
        {
          data: { values: marks.map((m) => ({ ...m, t: r4(m.t) })) },
          mark: { type: 'point', filled: true, size: 90, stroke: '#fff', strokeWidth: 1 },
          encoding: {
            y,
            x: { field: 't', type: 'quantitative' },
            shape: { field: 'kind', type: 'nominal', title: 'event' },
            fill: { value: '#222' },
            tooltip: [
              { field: 'incident', type: 'nominal' },
              { field: 'kind', type: 'nominal', title: 'event' },
              { field: 'lane', type: 'nominal', title: 'who' },
              { field: 't', type: 'quantitative', format: '.1f', title: 'at (min)' },
              { field: 'detail', type: 'nominal' },
            ],
          },
        },
      ],
    },
  };
}
