import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/kernel/rng.js';
import { ALWAYS, buildPresence, buildSlaCalendar } from '../../src/model/time.js';
import { validateScenario } from '../../src/scenario/load.js';
import type { EngineerModel } from '../../src/model/types.js';
import type { EngineerConfig, Scenario, TeamConfig } from '../../src/scenario/schema.js';

// Minute 0 = Monday 2026-01-05 00:00 UTC.
const START = '2026-01-05T00:00:00Z';
const DAY = 1440;

function scenario(teams: Partial<TeamConfig>[], extra: Partial<Scenario> = {}): Scenario {
  return {
    name: 't', start: START, timezone: 'UTC', horizon: '1w',
    priorities: { matrix: {} }, arrivals: [],
    teams: teams.map((t, i) => ({ id: `team${i}`, engineers: { count: 1 }, ...t })),
    ...extra,
  } as Scenario;
}

/** Engineers of the teams: ids from the configs, each engineer in the UTC zone unless given. */
function engineers(s: Scenario, configs: (EngineerConfig & { teamIndex: number })[]): EngineerModel[] {
  return configs.map((c, index) => ({
    id: c.id, index, team: s.teams[c.teamIndex].id, capacity: 1, share: 1, timezone: c.timezone ?? 'UTC', roles: [], surgeTeams: [],
  }));
}

function presence(s: Scenario, configs: (EngineerConfig & { teamIndex: number })[], horizon: number, seed = 'x') {
  // each timeline as its list of changes, { at, presence }
  return buildPresence(s, engineers(s, configs), configs, horizon)(createStream(seed)).map((tl) => Array.from(tl.at, (at, i) => ({ at, presence: tl.presence[i] })));
}

describe('buildSlaCalendar', () => {
  it('"24x7" is ALWAYS', () => {
    expect(buildSlaCalendar(scenario([{}]), '24x7', 10080, 'priorities.sla.P1.calendar')).toBe(ALWAYS);
  });

  it('a named calendar counts business minutes in its time zone (default: the scenario zone)', () => {
    const s = scenario([{}], { timezone: 'America/New_York', calendars: { biz: { hours: { 'mon-fri': '09:00-17:00' }, holidays: ['2026-01-06'] } } });
    const c = buildSlaCalendar(s, 'biz', 10080, 'priorities.sla.P3.calendar');
    // Monday 09:00 EST = 14:00 UTC. 8 h from then: Monday's 8 h; Tuesday is a holiday.
    expect(c.due(0, 8 * 60)).toBe(22 * 60);
    expect(c.due(0, 8 * 60 + 1)).toBe(2 * DAY + 14 * 60 + 1);
    expect(c.elapsed(0, 3 * DAY, [[14 * 60, 15 * 60]])).toBe(7 * 60 + 8 * 60);
  });

  it('an unknown calendar names the field and the known calendars', () => {
    const s = scenario([{}], { calendars: { biz: { hours: { 'mon-fri': '09:00-17:00' } } } });
    expect(() => buildSlaCalendar(s, 'office', 10080, 'priorities.sla.P3.calendar'))
      .toThrow('priorities.sla.P3.calendar: unknown calendar "office"; expected one of: 24x7, biz');
  });

  it('bad hours or time zones name the calendar field', () => {
    expect(() => buildSlaCalendar(scenario([{}], { calendars: { biz: { hours: { 'mon-fri': '9-17' } } } }), 'biz', 10080, 'p'))
      .toThrow('calendars.biz.hours.mon-fri: "9-17" is not a set of hours');
    expect(() => buildSlaCalendar(scenario([{}], { calendars: { biz: { timezone: 'Nowhere', hours: { daily: '24h' } } } }), 'biz', 10080, 'p'))
      .toThrow('calendars.biz.timezone: unknown time zone "Nowhere"');
  });
});

describe('buildPresence', () => {
  it('a team with neither schedule nor on-call is on shift 24x7', () => {
    const s = scenario([{}]);
    expect(presence(s, [{ id: 'a', teamIndex: 0 }], 4 * DAY)).toEqual([[{ at: 0, presence: 'on-shift' }]]);
  });

  it('a night shift crosses midnight; the shift index picks the engineer\'s shift, by default any of them', () => {
    const s = scenario([{ schedule: { shifts: [{ days: 'daily', hours: '06:00-14:00' }, { days: 'daily', hours: '22:00-06:00' }] } }]);
    const [night, any] = presence(s, [{ id: 'n', teamIndex: 0, shift: 1 }, { id: 'y', teamIndex: 0 }], 2 * DAY);
    expect(night).toEqual([
      { at: 0, presence: 'on-shift' }, // Sunday's night shift, until 06:00
      { at: 360, presence: 'off' },
      { at: 1320, presence: 'on-shift' },
      { at: DAY + 360, presence: 'off' },
      { at: DAY + 1320, presence: 'on-shift' },
    ]);
    expect(any).toEqual([{ at: 0, presence: 'on-shift' }, { at: 840, presence: 'off' }, { at: 1320, presence: 'on-shift' }, { at: DAY + 840, presence: 'off' }, { at: DAY + 1320, presence: 'on-shift' }]);
  });

  it('shifts are read in the engineer\'s time zone (follow the sun)', () => {
    const s = scenario([{ schedule: { shifts: [{ days: 'mon-fri', hours: '09:00-17:00' }] } }]);
    const [sydney] = presence(s, [{ id: 'syd', teamIndex: 0, timezone: 'Australia/Sydney' }], DAY);
    // Monday 09:00 in Sydney (UTC+11 in January) is Sunday 22:00 UTC: on shift until 06:00 UTC; Tuesday's starts 22:00 UTC.
    expect(sydney).toEqual([{ at: 0, presence: 'on-shift' }, { at: 360, presence: 'off' }, { at: 1320, presence: 'on-shift' }]);
  });

  it('on-call outside shifts, meetings within them, vacations over everything', () => {
    const s = scenario([{
      engineers: [{ id: 'a', vacations: [{ from: '2026-01-07', to: '2026-01-07' }] }, { id: 'b' }],
      schedule: { shifts: [{ days: 'mon-fri', hours: '09:00-17:00' }] },
      oncall: { layers: [{ rotation: 'daily', handoff: '09:00' }] },
      absences: { meetings: ['mon,wed 10:00-11:00'] },
    }]);
    const [a, b] = presence(s, [
      { id: 'a', teamIndex: 0, vacations: [{ from: '2026-01-07', to: '2026-01-07' }] },
      { id: 'b', teamIndex: 0 },
    ], 3 * DAY);
    // The daily rotation's hand-off before minute 0 is Sunday 09:00 (a), then Monday 09:00 (b), Tuesday (a), Wednesday (b).
    expect(a).toEqual([
      { at: 0, presence: 'on-call' },
      { at: 540, presence: 'on-shift' },
      { at: 600, presence: 'meeting' },
      { at: 660, presence: 'on-shift' },
      { at: 1020, presence: 'off' },
      { at: DAY + 540, presence: 'on-shift' },
      { at: DAY + 1020, presence: 'on-call' },
      { at: 2 * DAY, presence: 'vacation' },
    ]);
    expect(b).toEqual([
      { at: 0, presence: 'off' },
      { at: 540, presence: 'on-shift' },
      { at: 600, presence: 'meeting' },
      { at: 660, presence: 'on-shift' },
      { at: 1020, presence: 'on-call' },
      { at: DAY + 540, presence: 'on-shift' },
      { at: DAY + 1020, presence: 'off' },
      { at: 2 * DAY + 540, presence: 'on-shift' },
      { at: 2 * DAY + 600, presence: 'meeting' },
      { at: 2 * DAY + 660, presence: 'on-shift' },
      { at: 2 * DAY + 1020, presence: 'on-call' },
    ]);
  });

  it('random absences take whole working days, at the configured rate, deterministically per seed', () => {
    const s = scenario([{ schedule: { shifts: [{ days: 'mon-fri', hours: '08:00-16:00' }] }, absences: { rate: 0.3 } }]);
    const cfg = [{ id: 'a', teamIndex: 0 }];
    const horizon = 40 * 10080; // 200 working days
    const [tl] = presence(s, cfg, horizon, 'seed-1');
    expect(presence(s, cfg, horizon, 'seed-1')).toEqual([tl]);
    const away = tl.filter((c) => c.presence === 'away');
    for (const c of away) {
      expect(c.at % DAY).toBe(480);
      expect(tl[tl.indexOf(c) + 1]).toEqual({ at: c.at + 480, presence: 'off' });
    }
    // Binomial(200, 0.3): mean 60, sd 6.5; ±22 is beyond 3.3 sd (two-sided p < 0.001).
    expect(Math.abs(away.length - 60)).toBeLessThan(22);
  });

  it('bad schedules are one-line errors naming the field', () => {
    const s = scenario([{ schedule: { shifts: [{ days: 'mon-fri', hours: '09:00-17:00' }] } }]);
    expect(() => buildPresence(s, engineers(s, [{ id: 'a', teamIndex: 0, shift: 2 }]), [{ id: 'a', shift: 2, groupPath: 'teams[0].engineers[0]' } as EngineerConfig], DAY))
      .toThrow('teams[0].engineers[0].shift: 2 is not a shift of teams[0].schedule.shifts (expected 0 to 0)');
    const bad = scenario([{ schedule: { shifts: [{ days: 'mon-fri', hours: '09:00-17:00', timezone: 'Mars/Base' }] } }]);
    expect(() => buildPresence(bad, engineers(bad, [{ id: 'a', teamIndex: 0 }]), [{ id: 'a' }], DAY))
      .toThrow('teams[0].schedule.shifts[0].timezone: unknown time zone "Mars/Base"');
    const zoned = scenario([{ timezone: 'Europe/Lundun' }]);
    expect(() => buildPresence(zoned, engineers(zoned, [{ id: 'a', teamIndex: 0, timezone: 'Europe/Lundun' }]), [{ id: 'a' }], DAY))
      .toThrow('teams[0].timezone: unknown time zone "Europe/Lundun"');
    const meet = scenario([{ absences: { meetings: ['tuesdays at ten'] } }]);
    expect(() => buildPresence(meet, engineers(meet, [{ id: 'a', teamIndex: 0 }]), [{ id: 'a' }], DAY))
      .toThrow('teams[0].absences.meetings[0]: "tuesdays at ten" is not a recurring meeting');
  });

  it('scenario validation reports schedule mistakes as one line naming the file and field', () => {
    const data = {
      name: 'oc', start: START, timezone: 'UTC', horizon: '1w',
      priorities: { matrix: { high: { high: 'P1' } } },
      teams: [{ id: 'ops', engineers: { count: 2 }, oncall: { layers: [{ rotation: 'weekly' }, { rotation: 'daily', handoff: '09:00' }] } }],
      arrivals: [{ class: 'a', rate: { perHour: 1 }, priority: 'P1', path: [{ team: 'ops', work: '10m' }] }],
    };
    expect(() => validateScenario(data, 'oc.yaml')).toThrow(
      /^oc\.yaml: teams\[0\]\.oncall\.layers\[1\]: overlaps layers\[0\] from 2026-01-05T00:00:00\.000Z at the same level 0; give them different levels \(a higher level covers a lower one\)$/,
    );
  });
});
