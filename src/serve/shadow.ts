/**
 * The shadow check (`incisim serve SCENARIO --shadow HISTORY`): a recorded ticket stream fed
 * through the live service's state machine (src/serve/core.ts — the engine, the escalation
 * policy, the schedules, the alert mapping) in virtual time, with the history's own
 * acknowledgements and resolutions at their recorded instants, then its decisions set against
 * what happened: the first team (same as the history's assignment group?), queued or assigned on
 * arrival, pages, timeouts and escalations the policy would have made.
 *
 * Mapping: a history group naming a team of the scenario (as it is, or as `incisim fit` names
 * teams: "Group 70" → "group-70") goes to that team; otherwise the
 * scenario's `serve` mapping places it from `group`, `category` and `priority`. A priority the
 * scenario knows is kept; otherwise the mapping's.
 */
import { openSync, writeSync, closeSync } from 'node:fs';
import { UserError } from '../errors.js';
import { readHistory } from '../io/import/jsonl.js';
import type { HistoricalIncident } from '../io/import/types.js';
import { slug } from '../fit/history.js';
import { loadScenario } from '../scenario/load.js';
import { liveConfig, originFor, place } from './config.js';
import { LiveCore } from './core.js';
import type { Actor, Input } from './inputs.js';

export interface ShadowOptions {
  scenario: string;
  history: string;
  profile?: string;
  mapping?: string;
  tz?: string;
  out?: string;
  /** where the summary goes (default stdout) */
  write?: (s: string) => void;
}

export interface ShadowSummary {
  incidents: number;
  from: string;
  to: string;
  /** incidents whose history names a group */
  withGroup: number;
  sameTeam: number;
  assignedOnArrival: number;
  queuedOnArrival: number;
  pages: number;
  ackTimeouts: number;
  escalations: number;
  notifications: number;
  /** history: mean minutes to first acknowledgement; shadow: the same with its pages and timeouts */
  historyMttaMinutes?: number;
  shadowMttaMinutes?: number;
}

const SHADOW: Actor = { role: 'dispatcher', token: 'shadow' };

export async function shadow(o: ShadowOptions): Promise<ShadowSummary> {
  const write = o.write ?? ((s: string) => process.stdout.write(s));
  const { scenario } = loadScenario(o.scenario);
  const { incidents } = await readHistory(o.history, { profile: o.profile, mapping: o.mapping, tz: o.tz });
  const history = incidents.filter((i) => Number.isFinite(i.openedAt)).sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
  if (history.length === 0) throw new UserError(`${o.history}: no incidents with an opening time to shadow`);
  const startMs = history[0].openedAt;
  const originMs = originFor(scenario, startMs);
  const cfg = liveConfig(scenario, originMs, (startMs - originMs) / 60000, o.scenario);
  const core = new LiveCore(cfg, startMs, o.scenario);

  // The stream: openings, and the history's acknowledgements and resolutions, in time order.
  type Step = { at: number; order: number; h: HistoricalIncident; what: 'open' | 'ack' | 'resolve' };
  const steps: Step[] = [];
  history.forEach((h, k) => {
    steps.push({ at: h.openedAt, order: 3 * k, h, what: 'open' });
    const ack = h.acknowledgedAt ?? h.firstAssignedAt;
    if (ack !== undefined && ack >= h.openedAt) steps.push({ at: ack, order: 3 * k + 1, h, what: 'ack' });
    const res = h.resolvedAt ?? h.closedAt;
    if (res !== undefined && res >= h.openedAt) steps.push({ at: res, order: 3 * k + 2, h, what: 'resolve' });
  });
  steps.sort((a, b) => a.at - b.at || a.order - b.order);

  const idOf = new Map<string, string>();
  const first = new Map<string, { team: string; engineer?: string; kind: string }>();
  for (const s of steps) {
    const h = s.h;
    let input: Input | undefined;
    if (s.what === 'open') {
      const attrs: Record<string, string | undefined> = { group: h.group, category: h.category, priority: h.priority };
      const p = place(cfg, attrs);
      const own = h.group === undefined ? undefined : cfg.tiers.has(h.group) ? h.group : cfg.tiers.has(slug(h.group)) ? slug(h.group) : undefined;
      const team = own ?? p.team;
      const priority = h.priority !== undefined && cfg.priorities.has(h.priority) ? h.priority : p.priority;
      input = { kind: 'open', source: 'api', key: `history:${h.id}`, title: h.id, team, priority, by: own !== undefined ? 'history group' : p.by, ...(p.category ?? h.category ? { category: p.category ?? h.category } : {}), ...(p.skills ? { skills: p.skills } : {}) };
    } else {
      const id = idOf.get(h.id);
      const cur = id !== undefined ? core.incident(id) : undefined;
      if (!cur || cur.state !== 'open') continue;
      if (s.what === 'ack') {
        if (cur.engineer === undefined || cur.acknowledged) continue;
        input = { kind: 'ack', incident: cur.id };
      } else input = { kind: 'resolve', incident: cur.id, reason: 'resolved (history)' };
    }
    core.advance(s.at);
    if (core.check(input, SHADOW) === 'noop') continue;
    const { result } = core.apply(input, s.at, SHADOW);
    if (s.what === 'open') {
      idOf.set(h.id, String(result.incident));
      const d = result.decision as { kind: string; team: string; engineerId?: string } | undefined;
      first.set(h.id, { team: d?.team ?? String(result.team), engineer: d?.engineerId, kind: d?.kind ?? String(result.action) });
    }
  }
  core.advance(steps[steps.length - 1].at);

  // Compare.
  const fd = o.out !== undefined ? openSync(o.out, 'w') : undefined;
  let withGroup = 0;
  let sameTeam = 0;
  let assigned = 0;
  let queued = 0;
  let hAck = 0;
  let hAckN = 0;
  for (const h of history) {
    const f = first.get(h.id);
    if (!f) continue;
    const same = h.group !== undefined ? h.group === f.team || slug(h.group) === f.team : undefined;
    if (same !== undefined) {
      withGroup++;
      if (same) sameTeam++;
    }
    if (f.kind === 'queue') queued++;
    else assigned++;
    const ack = h.acknowledgedAt ?? h.firstAssignedAt;
    if (ack !== undefined && ack >= h.openedAt) {
      hAck += (ack - h.openedAt) / 60000;
      hAckN++;
    }
    if (fd !== undefined) {
      const v = core.incident(idOf.get(h.id)!)!;
      writeSync(fd, `${JSON.stringify({
        id: h.id, openedAt: new Date(h.openedAt).toISOString(), priority: v.priority, historyGroup: h.group ?? null, historyAssignee: h.assignee ?? null,
        firstTeam: f.team, firstEngineer: f.engineer ?? null, firstDecision: f.kind, sameTeam: same ?? null,
        finalTeam: v.team, pages: v.pages, escalations: v.escalations.length, acknowledgedAt: v.acknowledgedAt ?? null,
      })}\n`);
    }
  }
  if (fd !== undefined) closeSync(fd);
  const c = core.counters;
  const summary: ShadowSummary = {
    incidents: first.size, from: new Date(startMs).toISOString(), to: new Date(steps[steps.length - 1].at).toISOString(),
    withGroup, sameTeam, assignedOnArrival: assigned, queuedOnArrival: queued,
    pages: c.pages, ackTimeouts: c.ackTimeouts, escalations: c.escalations, notifications: c.notifications,
    ...(hAckN > 0 ? { historyMttaMinutes: hAck / hAckN } : {}),
    ...(c.acknowledged > 0 ? { shadowMttaMinutes: c.ackMinutes / c.acknowledged } : {}),
  };
  const pct = (n: number, d: number) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '–');
  write(`shadow: ${summary.incidents} incidents of ${o.history} through ${cfg.scenario.name} in virtual time, ${summary.from} to ${summary.to}\n`);
  write(`first team: the history's group for ${sameTeam} of ${withGroup} with a group (${pct(sameTeam, withGroup)})\n`);
  write(`on arrival: assigned ${assigned} (${pct(assigned, summary.incidents)}), queued ${queued} (${pct(queued, summary.incidents)})\n`);
  write(`escalation: ${c.pages} pages, ${c.ackTimeouts} acknowledgement timeouts, ${c.escalations} functional escalations, ${c.notifications} notifications\n`);
  if (summary.historyMttaMinutes !== undefined) write(`MTTA: history ${summary.historyMttaMinutes.toFixed(1)} min, shadow ${summary.shadowMttaMinutes !== undefined ? `${summary.shadowMttaMinutes.toFixed(1)} min` : '–'}\n`);
  if (o.out !== undefined) write(`per incident: ${o.out}\n`);
  return summary;
}
