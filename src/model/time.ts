/**
 * The scenario's calendars, shifts, on-call rotations and absences turned into what the
 * lifecycle consumes: SLA calendars (business minutes) and per-engineer presence timelines.
 * The time arithmetic itself lives in src/time/.
 */
import type { Random } from '../kernel/rng.js';
import type { EngineerConfig, Scenario } from '../scenario/schema.js';
import type { EngineerModel, PresenceChange, SlaCalendar } from './types.js';

/** The 24x7 calendar: every minute is a business minute. */
export const ALWAYS: SlaCalendar = {
  elapsed(t0, t1, pauses) {
    let d = Math.max(0, t1 - t0);
    for (const [a, b] of pauses) d -= Math.max(0, Math.min(b, t1) - Math.max(a, t0));
    return d;
  },
  due(t0, minutes) {
    return t0 + minutes;
  },
};

export function buildSlaCalendar(scenario: Scenario, name: string, horizon: number, path: string): SlaCalendar {
  void scenario; void horizon; void path;
  if (name === '24x7') return ALWAYS;
  throw new Error('business calendars: pending src/time');
}

export function buildPresence(
  scenario: Scenario,
  engineers: EngineerModel[],
  configs: EngineerConfig[],
  horizon: number,
): (random: Random) => PresenceChange[][] {
  void configs; void horizon;
  return () => engineers.map((e) => {
    const team = scenario.teams.find((t) => t.id === e.team)!;
    if (!team.schedule && !team.oncall) return [{ at: 0, presence: 'on-shift' as const }];
    throw new Error('shifts: pending src/time');
  });
}
