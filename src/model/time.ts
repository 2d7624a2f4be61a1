/**
 * The scenario's calendars, shifts, on-call rotations and absences turned into what the
 * lifecycle consumes: SLA calendars (business minutes) and per-engineer presence timelines.
 * The time arithmetic itself lives in src/time/.
 */
import { UserError } from '../errors.js';
import type { Random } from '../kernel/rng.js';
import { BusinessCalendar } from '../time/calendar.js';
import { Clock } from '../time/clock.js';
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

/** Business minutes beyond the horizon for which SLA calendars are precomputed (26 weeks). */
const CALENDAR_MARGIN = 26 * 10080;

/**
 * The SLA calendar called `name`: "24x7" is {@link ALWAYS}; any other name must be a key of
 * `scenario.calendars` (else a UserError naming `path` and the known names). Its business
 * intervals are computed once over [0, horizon + 26 weeks]; `due` answers Infinity beyond that.
 */
export function buildSlaCalendar(scenario: Scenario, name: string, horizon: number, path: string): SlaCalendar {
  if (name === '24x7') return ALWAYS;
  const calendars = scenario.calendars ?? {};
  const spec = Object.hasOwn(calendars, name) ? calendars[name] : undefined;
  if (!spec) {
    const known = ['24x7', ...Object.keys(calendars)].join(', ');
    throw new UserError(`${path}: unknown calendar "${name}"; expected one of: ${known}`);
  }
  const cal = new BusinessCalendar(
    { timezone: spec.timezone ?? scenario.timezone ?? 'UTC', hours: spec.hours, holidays: spec.holidays },
    new Clock(scenario.start),
    0,
    horizon + CALENDAR_MARGIN,
    `calendars.${name}`,
  );
  return { elapsed: (t0, t1, pauses) => cal.elapsed(t0, t1, pauses), due: (t0, minutes) => cal.due(t0, minutes) };
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
