/**
 * The paging ladder shared by chain-style policies: levels of page targets (a level with several
 * targets is a ring, paged one after another, each for the level's timeout), walked level by
 * level, the whole ladder `rounds` times, then a final action.
 */
import { UserError, show } from '../../errors.js';
import type { EscalationStep, FinalAction, PageTarget } from './types.js';

export const TARGET_FORMS = '"assignee", "team:<id>", "engineer:<id>" or "oncall:<team>/<layer>"';

/** One level of the ladder. */
export interface Level {
  ring: PageTarget[];
  /** minutes each page at this level waits for an acknowledgement */
  timeout: number;
}

/**
 * "assignee" | "team:<id>" | "engineer:<id>" | "oncall:<team>/<layer>" (or "oncall:<team>", its
 * primary layer) → a page target; anything else throws naming `path`.
 */
export function parseTarget(v: unknown, path: string): PageTarget {
  if (v === 'assignee') return { kind: 'assignee' };
  const o = typeof v === 'string' ? /^oncall:([^/\s]+)(?:\/([^/\s]+))?$/.exec(v) : null;
  if (o) return { kind: 'oncall', team: o[1], layer: o[2] ?? 'primary' };
  const m = typeof v === 'string' ? /^(team|engineer):(.+)$/.exec(v) : null;
  if (!m) throw new UserError(`${path}: ${show(v)} is not a page target; expected ${TARGET_FORMS}`);
  return m[1] === 'team' ? { kind: 'team', team: m[2] } : { kind: 'engineer', engineerId: m[2] };
}

/** A target or a non-empty list of targets (a ring) → the ring. */
export function parseRing(v: unknown, path: string): PageTarget[] {
  if (!Array.isArray(v)) return [parseTarget(v, path)];
  if (v.length === 0) throw new UserError(`${path}: an empty list; expected at least one of ${TARGET_FORMS}`);
  return v.map((t, i) => parseTarget(t, `${path}[${i}]`));
}

/** `start` and `next` of the protocol for `levels` walked `rounds` times, then `final`. */
export function ladder(levels: readonly Level[], rounds: number, final: FinalAction): {
  start: () => EscalationStep;
  next: (cur: EscalationStep) => EscalationStep | FinalAction;
} {
  // Each step is made once, when first reached, and shared by every incident that reaches it
  // (steps are values: nobody changes one): no object per page.
  const widest = Math.max(1, ...levels.map((l) => l.ring.length));
  const made: EscalationStep[] = [];
  const step = (level: number, round: number, ring: number): EscalationStep => {
    const k = (round * levels.length + level - 1) * widest + ring;
    let s = made[k];
    if (s === undefined) {
      const l = levels[level - 1];
      made[k] = s = { type: 'page', level, round, ring, target: l.ring[ring], timeout: l.timeout };
    }
    return s;
  };
  return {
    start: () => step(1, 0, 0),
    next(cur) {
      if (cur.ring + 1 < levels[cur.level - 1].ring.length) return step(cur.level, cur.round, cur.ring + 1);
      if (cur.level < levels.length) return step(cur.level + 1, cur.round, 0);
      if (cur.round + 1 < rounds) return step(1, cur.round + 1, 0);
      return final;
    },
  };
}

/** "N rounds of M levels" for final-action reasons. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
