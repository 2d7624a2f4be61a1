/**
 * chain: a PagerDuty-style escalation policy and nothing else (no stall milestones,
 * notifications or immediate teams). Options, in PagerDuty's words:
 * - `rules` (required): escalation rules in order, each `{ targets, delay }`: targets are
 *   "assignee", "team:<id>" (PagerDuty's schedule: whoever the engine finds on call there) or
 *   "engineer:<id>" (a user), one or a list; `delay` is the escalation delay (a duration > 0).
 *   PagerDuty notifies a rule's targets together; the simulator pages one responder at a time,
 *   so a rule's targets are paged in turn, each waiting the full delay.
 * - `loops`: how many more times the whole policy runs after its last rule (integer ≥ 0,
 *   default 0, as PagerDuty's `num_loops`).
 * After the last loop the incident stays unacknowledged in its team's queue.
 */
import { UserError } from '../../errors.js';
import { ladder, parseRing, plural } from './ladder.js';
import { duration, integer, list, onlyKeys, record } from './options.js';
import type { EscalationPolicyFactory } from './types.js';

export const chain: EscalationPolicyFactory = (options, path) => {
  onlyKeys(options, ['rules', 'loops'], path, 'chain');
  if (options.rules === undefined) throw new UserError(`${path}.rules: missing; expected a list of { targets, delay }`);
  const rules = list(options.rules, `${path}.rules`, 'a list of { targets, delay }').map((r, i) => {
    const rp = `${path}.rules[${i}]`;
    const o = record(r, rp, 'a rule { targets, delay }');
    for (const k of Object.keys(o)) if (k !== 'targets' && k !== 'delay') throw new UserError(`${rp}.${k}: unknown field of a rule; expected targets, delay`);
    if (o.targets === undefined) throw new UserError(`${rp}.targets: missing; expected a target or a list of them`);
    if (o.delay === undefined) throw new UserError(`${rp}.delay: missing; expected the escalation delay, e.g. 30m`);
    return { ring: parseRing(o.targets, `${rp}.targets`), timeout: duration(o.delay, `${rp}.delay`) };
  });
  if (rules.length === 0) throw new UserError(`${path}.rules: an empty list; expected at least one rule`);
  const loops = integer(options.loops, 0, 0, `${path}.loops`);
  const walk = ladder(rules, loops + 1, {
    type: 'final',
    reason: `nobody acknowledged after ${plural(rules.length, 'rule')}${loops > 0 ? ` and ${plural(loops, 'loop')}` : ''}`,
  });
  return {
    name: 'chain',
    start: () => walk.start(),
    next: (_incident, cur) => walk.next(cur),
    stall: () => [],
    notifications: () => [],
    immediate: () => undefined,
  };
};
