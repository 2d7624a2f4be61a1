/**
 * tiered: a multi-level paging chain with an acknowledgement timeout per level, a round-robin
 * ring within a level and N repetitions of the whole chain; functional escalation on stall
 * milestones per priority; hierarchical notifications per priority; immediate teams per category.
 *
 * Options (all optional):
 * - `ackTimeout`: default timeout of a level (duration, default 15m).
 * - `levels`: the chain, in order (default: one level paging the assignee). A level is a target,
 *   a list of targets (a ring: paged one after another, each with the level's timeout), or
 *   `{ page: target | target[], timeout?: duration }`. Targets: "assignee" (whoever the engine
 *   picks in the incident's team), "team:<id>" (someone in that team), "engineer:<id>".
 * - `repeat`: how many times the whole chain runs before the final action (integer ≥ 1, default 1).
 * - `final`: `{ notify?: string }`: who is told when nobody acknowledged (recorded as a
 *   hierarchical escalation); the incident then waits in its team's queue.
 * - `stall`: priority → duration or list of durations after opening at which an unresolved
 *   incident is escalated functionally to the next tier, e.g. `{ P1: 1h, P2: [4h, 1d] }`.
 * - `notify`: priority → { who: duration }, e.g. `{ P1: { duty-manager: 30m, head-of-it: 2h } }`.
 * - `immediate`: category → team that takes the incident at once, e.g. `{ security: soc }`.
 */
import { UserError } from '../../errors.js';
import { ladder, parseRing, plural, TARGET_FORMS, type Level } from './ladder.js';
import { duration, integer, list, onlyKeys, record, text } from './options.js';
import type { EscalationPolicyFactory, Notification, PageTarget, StallTrigger } from './types.js';

function parseLevel(v: unknown, dfltTimeout: number, path: string): Level {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { ring: parseRing(v, path), timeout: dfltTimeout };
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'page' && k !== 'timeout') throw new UserError(`${path}.${k}: unknown field of a level; expected page, timeout`);
  if (o.page === undefined) throw new UserError(`${path}.page: missing; expected ${TARGET_FORMS} or a list of them`);
  return { ring: parseRing(o.page, `${path}.page`), timeout: o.timeout === undefined ? dfltTimeout : duration(o.timeout, `${path}.timeout`) };
}

export const tiered: EscalationPolicyFactory = (options, path) => {
  onlyKeys(options, ['ackTimeout', 'levels', 'repeat', 'final', 'stall', 'notify', 'immediate'], path, 'tiered');
  const ackTimeout = options.ackTimeout === undefined ? 15 : duration(options.ackTimeout, `${path}.ackTimeout`);
  const levels = options.levels === undefined
    ? [{ ring: [{ kind: 'assignee' } as PageTarget], timeout: ackTimeout }]
    : list(options.levels, `${path}.levels`, 'a list of levels').map((l, i) => parseLevel(l, ackTimeout, `${path}.levels[${i}]`));
  if (levels.length === 0) throw new UserError(`${path}.levels: an empty list; expected at least one level`);
  const repeat = integer(options.repeat, 1, 1, `${path}.repeat`);
  let finalNotify: string | undefined;
  if (options.final !== undefined) {
    const f = record(options.final, `${path}.final`, 'an object such as { notify: duty-manager }');
    for (const k of Object.keys(f)) if (k !== 'notify') throw new UserError(`${path}.final.${k}: unknown field; expected notify`);
    if (f.notify !== undefined) finalNotify = text(f.notify, `${path}.final.notify`);
  }
  const stall = new Map<string, StallTrigger[]>();
  for (const [p, v] of Object.entries(record(options.stall ?? {}, `${path}.stall`, 'an object of priority → durations'))) {
    const after = (Array.isArray(v) ? v : [v]).map((d, i) => duration(d, Array.isArray(v) ? `${path}.stall.${p}[${i}]` : `${path}.stall.${p}`));
    stall.set(p, after.sort((a, b) => a - b).map((a) => ({ after: a, kind: 'functional' as const })));
  }
  const notify = new Map<string, Notification[]>();
  for (const [p, v] of Object.entries(record(options.notify ?? {}, `${path}.notify`, 'an object of priority → { who: duration }'))) {
    const who = record(v, `${path}.notify.${p}`, 'an object of who → duration, e.g. { duty-manager: 30m }');
    notify.set(p, Object.entries(who).map(([n, d]) => ({ after: duration(d, `${path}.notify.${p}.${n}`, true), notify: n }))
      .sort((a, b) => a.after - b.after || (a.notify < b.notify ? -1 : 1)));
  }
  const immediate = new Map<string, string>();
  for (const [c, team] of Object.entries(record(options.immediate ?? {}, `${path}.immediate`, 'an object of category → team'))) {
    immediate.set(c, text(team, `${path}.immediate.${c}`, 'a team id'));
  }

  const chain = ladder(levels, repeat, {
    type: 'final',
    ...(finalNotify !== undefined ? { notify: finalNotify } : {}),
    reason: `nobody acknowledged after ${plural(repeat, 'round')} of ${plural(levels.length, 'level')}`,
  });

  return {
    name: 'tiered',
    start: () => chain.start(),
    next: (_incident, cur) => chain.next(cur),
    stall: (incident) => stall.get(incident.priority) ?? NO_STALLS,
    notifications: (incident) => notify.get(incident.priority) ?? NO_NOTIFICATIONS,
    immediate: (incident) => (incident.category !== undefined ? immediate.get(incident.category) : undefined),
  };
};

const NO_STALLS: readonly StallTrigger[] = [];
const NO_NOTIFICATIONS: readonly Notification[] = [];
