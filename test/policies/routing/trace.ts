/** Runs a scripted sequence through a one-team engine and returns the assignees, for exact traces. */
import { AssignmentEngine } from '../../../src/engine/engine.js';
import type { EngineerSpec, RosterSpec, Ticket } from '../../../src/engine/types.js';
import { oneTeam } from '../../engine/roster.js';

export type Step =
  | { open: string; priority?: string; skills?: string[]; effortHours?: number; at?: number }
  | { resolve: string; at?: number }
  | { presence: [string, 'on-shift' | 'off' | 'war-room']; at?: number };

/** Each step's resulting assignments as `incident→engineer` (or `incident→queue`). */
export function trace(
  policy: string,
  engineers: Partial<EngineerSpec>[],
  steps: Step[],
  options: { options?: Record<string, unknown>; random?: () => number; roster?: Partial<RosterSpec> } = {},
): string[] {
  const eng = new AssignmentEngine(oneTeam(engineers, { routing: { policy, options: options.options } }, options.roster), { random: options.random ?? (() => 0) });
  const out: string[] = [];
  let t = 0;
  for (const s of steps) {
    t = s.at ?? t + 1;
    if ('open' in s) {
      const ticket: Ticket = { id: s.open, priority: s.priority ?? 'P3', team: 't', skills: s.skills, effortHours: s.effortHours ?? 1, openedAt: t };
      const d = eng.decide(ticket, t);
      out.push(`${d.incidentId}→${d.engineerId ?? 'queue'}`);
    } else {
      const ds = 'resolve' in s ? eng.resolve(s.resolve, t) : eng.setPresence(s.presence[0], s.presence[1], t);
      for (const d of ds) out.push(`${d.incidentId}→${d.engineerId ?? 'queue'}`);
    }
  }
  return out;
}

/** `n` opens named i1…in. */
export function opens(n: number, extra: Partial<{ priority: string; skills: string[] }> = {}): Step[] {
  return Array.from({ length: n }, (_, k) => ({ open: `i${k + 1}`, ...extra }));
}
