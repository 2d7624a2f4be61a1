/** Small rosters and tickets for engine and routing-policy tests. */
import type { EngineerSpec, Presence, RosterSpec, TeamSpec, Ticket } from '../../src/engine/types.js';

/** A roster of one team `t` whose engineers are all on shift, routed by `policy`. */
export function oneTeam(engineers: Partial<EngineerSpec>[], team: Partial<TeamSpec> = {}, roster: Partial<RosterSpec> = {}): RosterSpec {
  return {
    teams: [{ id: 't', ...team }],
    engineers: engineers.map((e, i) => ({ id: `e${i + 1}`, team: 't', presence: 'on-shift' as Presence, ...e })),
    ...roster,
  };
}

let n = 0;
/** A ticket for team `t` (or `over.team`), P3, 1 hour, opened at 0, with a fresh id unless given. */
export function ticket(over: Partial<Ticket> = {}): Ticket {
  n++;
  return { id: `i${n}`, priority: 'P3', team: 't', effortHours: 1, openedAt: 0, ...over };
}

/** A random stream that replays `values` in a loop. */
export function scripted(values: number[]): () => number {
  let k = 0;
  return () => values[k++ % values.length];
}

/** The assignee (or 'queue:<team>') of each decision. */
export function who(d: { engineerId?: string; team: string }): string {
  return d.engineerId ?? `queue:${d.team}`;
}
