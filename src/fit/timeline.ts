/**
 * Per-incident timelines from event logs: what the incident's time was spent on, as the log
 * records it. Between two consecutive events the incident is in the phase, with the assignee and
 * group, that the earlier event set (a value carried forward when an event leaves it unset, except
 * that an event moving the incident to another group or back to `queued` without naming an
 * assignee leaves nobody holding it);
 * from opening to its first event it is queued. Time after the (last) resolution is not part of
 * the timeline.
 *
 * Units: instants epoch ms, as imported.
 */
import type { CaseEvent, HistoricalIncident, Phase } from '../io/import/types.js';

/** A stretch of one phase, held by one assignee in one group. */
export interface Segment {
  from: number;
  to: number;
  phase: Phase;
  assignee?: string;
  group?: string;
}

export interface Timeline {
  id: string;
  openedAt: number;
  /** the last entry into `resolved` (or the import's resolvedAt); undefined while unresolved */
  resolvedAt?: number;
  /** every stretch from opening to resolution (or to the last event), in time order */
  segments: Segment[];
  /** opening → the first stretch in which someone works it (active), ms; the whole life if never */
  queuedBeforeFirst: number;
  /** the groups in the order they held the incident (consecutive repeats merged) */
  groups: string[];
  /** times it left `resolved` for an open phase */
  reopens: number;
  /** total ms per phase (queued, active, pending) before resolution */
  totals: Record<'queued' | 'active' | 'pending', number>;
}

/** The timeline of an incident with events; undefined for one-row imports (no events). */
export function timelineOf(inc: HistoricalIncident): Timeline | undefined {
  const events = inc.events;
  if (events === undefined || events.length === 0) return undefined;
  const end = inc.resolvedAt;
  const segments: Segment[] = [];
  let phase: Phase = 'queued';
  let assignee: string | undefined;
  let group: string | undefined;
  let reopens = 0;
  const push = (from: number, to: number) => {
    if (to <= from || phase === 'resolved' || phase === 'closed') return;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.to === from && last.phase === phase && last.assignee === assignee && last.group === group) last.to = to;
    else segments.push({ from, to, phase, assignee, group });
  };
  let t = inc.openedAt;
  for (let i = 0; i < events.length; i++) {
    const e: CaseEvent = events[i];
    const at = Math.max(e.at, inc.openedAt);
    if (end !== undefined && at > end) {
      push(t, end);
      t = end;
      break;
    }
    push(t, at);
    t = at;
    if (e.phase !== undefined) {
      if (phase === 'resolved' && e.phase !== 'resolved' && e.phase !== 'closed') reopens++;
      phase = e.phase;
    }
    // An event without an assignee leaves the assignee as it was, unless it puts the incident in
    // another group or back in the queue: then nobody holds it until someone is named.
    if (e.assignee !== undefined) assignee = e.assignee;
    else if ((e.group !== undefined && e.group !== group) || e.phase === 'queued') assignee = undefined;
    if (e.group !== undefined) group = e.group;
  }
  if (end !== undefined && t < end) push(t, end);
  const totals = { queued: 0, active: 0, pending: 0 };
  const groups: string[] = [];
  let firstActive: number | undefined;
  for (const s of segments) {
    totals[s.phase as 'queued' | 'active' | 'pending'] += s.to - s.from;
    if (s.phase === 'active') firstActive ??= s.from;
    if (s.group !== undefined && groups[groups.length - 1] !== s.group) groups.push(s.group);
  }
  if (groups.length === 0 && inc.group !== undefined) groups.push(inc.group);
  const last = end ?? (segments.length > 0 ? segments[segments.length - 1].to : inc.openedAt);
  return {
    id: inc.id,
    openedAt: inc.openedAt,
    resolvedAt: end,
    segments,
    queuedBeforeFirst: (firstActive ?? last) - inc.openedAt,
    groups,
    reopens,
    totals,
  };
}
