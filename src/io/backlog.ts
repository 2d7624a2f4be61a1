/**
 * Today's backlog for `incisim run S --backlog FILE`: the open tickets of an export — the JSON
 * lines `incisim import --out` writes, or a CSV / CSV.gz the importer reads through a profile —
 * turned into the scenario's `backlog.tickets`, so that they are open at minute 0 with their real
 * ages. Kept: tickets opened before the scenario start and neither resolved nor closed by then.
 * Each goes to the team whose id is its group (or the group's slug, as `incisim fit` names teams);
 * an assignee who is not an engineer of that team is dropped (the ticket is routed in its team)
 * and counted. A JSON line may also carry `pausedMinutes`: SLA-clock time already paused.
 */
import { DateTime } from 'luxon';
import { UserError } from '../errors.js';
import { slug } from '../fit/history.js';
import { readHistory } from './import/jsonl.js';
import type { ImportOptions } from './import/index.js';
import type { BacklogTicketConfig, Scenario } from '../scenario/schema.js';

export interface BacklogRead {
  tickets: BacklogTicketConfig[];
  /** read from the file */
  read: number;
  /** not open at the start: resolved or closed before it, or opened after it */
  notOpen: number;
  /** assignees dropped because they are no engineer of the ticket's team */
  assigneesDropped: number;
}

/** Reads `file` and keeps the tickets open at `scenario.start`, mapped onto its teams and engineers. */
export async function readBacklog(file: string, scenario: Scenario, options: ImportOptions = {}): Promise<BacklogRead> {
  const { incidents } = await readHistory(file, options);
  const start = DateTime.fromISO(scenario.start, { setZone: true }).toMillis();
  const teams = new Map<string, string>();
  for (const t of scenario.teams) {
    teams.set(t.id, t.id);
    teams.set(slug(t.id), t.id);
  }
  const members = new Map<string, Set<string>>();
  for (const t of scenario.teams) {
    const ids = new Set<string>();
    for (const g of Array.isArray(t.engineers) ? t.engineers : [t.engineers]) if ('id' in g && typeof g.id === 'string') ids.add(g.id);
    members.set(t.id, ids);
  }
  // generated engineers (<prefix>-01, …) are named like the model names them
  scenario.teams.forEach((t) => {
    let n = 0;
    for (const g of Array.isArray(t.engineers) ? t.engineers : [t.engineers]) {
      if ('count' in g && typeof g.count === 'number') for (let k = 0; k < g.count; k++) members.get(t.id)!.add(`${g.prefix ?? t.id}-${String(++n).padStart(2, '0')}`);
    }
  });
  const priorities = new Set(Object.values(scenario.priorities.matrix).flatMap((row) => Object.values(row)));
  const out: BacklogRead = { tickets: [], read: incidents.length, notOpen: 0, assigneesDropped: 0 };
  incidents.forEach((inc, i) => {
    const where = `${file}: ${file.endsWith('.jsonl') ? `line ${i + 1}` : `incident ${inc.id}`}`;
    const closed = inc.resolvedAt ?? inc.closedAt;
    if (inc.openedAt > start || (closed !== undefined && closed <= start)) {
      out.notOpen++;
      return;
    }
    const group = inc.group ?? '';
    const team = teams.get(group) ?? teams.get(slug(group));
    if (!team) throw new UserError(`${where}: group ${JSON.stringify(inc.group ?? null)} is no team of the scenario; expected one of ${scenario.teams.map((t) => t.id).join(', ')} (or rename the team after the group)`);
    if (inc.priority === undefined || !priorities.has(inc.priority)) {
      throw new UserError(`${where}: priority ${JSON.stringify(inc.priority ?? null)} is not a priority of the scenario's matrix (${[...priorities].sort().join(', ')})`);
    }
    const paused = (inc as { pausedMinutes?: unknown }).pausedMinutes;
    if (paused !== undefined && !(typeof paused === 'number' && paused >= 0)) throw new UserError(`${where}: pausedMinutes ${JSON.stringify(paused)} is not a number of minutes ≥ 0`);
    let assignee = inc.assignee;
    if (assignee !== undefined && !members.get(team)!.has(assignee)) {
      out.assigneesDropped++;
      assignee = undefined;
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    out.tickets.push({
      id: inc.id,
      openedAt: iso(inc.openedAt),
      priority: inc.priority,
      team,
      ...(assignee !== undefined ? { assignee } : {}),
      ...(inc.acknowledgedAt !== undefined && inc.acknowledgedAt <= start ? { acknowledgedAt: iso(inc.acknowledgedAt) } : {}),
      ...(typeof paused === 'number' && paused > 0 ? { pausedMinutes: paused } : {}),
    });
  });
  return out;
}
