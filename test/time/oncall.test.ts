import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/time/clock.js';
import { buildOnCall, buildOnCallDepth, type OnCallSpec } from '../../src/time/oncall.js';

// Minute 0 = Wednesday 2026-03-25 00:00 UTC (= 00:00 GMT); Europe/London moves to BST on Sunday 2026-03-29.
const START = '2026-03-25T00:00:00Z';
const H = 4 * 10080;
const build = (spec: OnCallSpec, members = ['a', 'b', 'c']) => buildOnCall(spec, members, new Clock(START), H, 'teams[1].oncall');

describe('on-call schedules', () => {
  it('depth 2 puts the next participant of the rotation on call beside the first; overrides replace the first only', () => {
    const [first, second, ...more] = buildOnCallDepth(
      { timezone: 'UTC', layers: [{ rotation: 'daily', handoff: '00:00', depth: 2 }], overrides: [{ from: '2026-03-25T00:00:00Z', to: '2026-03-25T12:00:00Z', engineer: 'c' }] },
      ['a', 'b', 'c'], new Clock(START), 3 * 1440, 'teams[1].oncall',
    );
    expect(more).toEqual([]);
    expect(first.segments).toEqual([{ from: 0, to: 720, engineer: 'c' }, { from: 720, to: 1440, engineer: 'a' }, { from: 1440, to: 2880, engineer: 'b' }, { from: 2880, to: 4320, engineer: 'c' }]);
    expect(second.segments).toEqual([{ from: 0, to: 1440, engineer: 'b' }, { from: 1440, to: 2880, engineer: 'c' }, { from: 2880, to: 4320, engineer: 'a' }]);
    // depth 1 (the default) is the plain schedule
    expect(buildOnCallDepth({ timezone: 'UTC', layers: [{ rotation: 'daily' }] }, ['a', 'b'], new Clock(START), 1440, 'x')).toHaveLength(1);
  });

  it('a weekly rotation hands off at "mon 09:00" local time, before and after the DST change', () => {
    const s = build({ timezone: 'Europe/London', layers: [{ rotation: 'weekly', handoff: 'mon 09:00' }] });
    const mon30 = 5 * 1440 + 8 * 60; // Monday 2026-03-30 09:00 BST = 08:00 UTC
    expect(s.segments).toEqual([
      { from: 0, to: mon30, engineer: 'a' }, // the shift that began Monday 2026-03-23 09:00 GMT
      { from: mon30, to: mon30 + 10080, engineer: 'b' },
      { from: mon30 + 10080, to: mon30 + 2 * 10080, engineer: 'c' },
      { from: mon30 + 2 * 10080, to: mon30 + 3 * 10080, engineer: 'a' },
      { from: mon30 + 3 * 10080, to: H, engineer: 'b' },
    ]);
    expect(s.whoAt(mon30 - 1)).toBe('a');
    expect(s.whoAt(mon30)).toBe('b');
  });

  it('a daily rotation without a hand-off time hands off at minute 0, every 24 h of local clock time', () => {
    const s = build({ timezone: 'Europe/London', layers: [{ rotation: 'daily', participants: ['c', 'a'] }] });
    // Sunday 2026-03-29 is 23 h long in London: the hand-off stays at local midnight.
    expect(s.segments.slice(3, 6).map((x) => [x.from, x.engineer])).toEqual([[3 * 1440, 'a'], [4 * 1440, 'c'], [5 * 1440 - 60, 'a']]);
  });

  it('a duration rotation advances by absolute time', () => {
    const s = build({ timezone: 'UTC', layers: [{ rotation: '12h', handoff: '06:00', participants: ['a', 'b'] }] });
    // The last 06:00 at or before minute 0 is the day before: a covers -18h..-6h, b -6h..6h, a 6h..18h.
    expect(s.segments.slice(0, 3)).toEqual([{ from: 0, to: 360, engineer: 'b' }, { from: 360, to: 1080, engineer: 'a' }, { from: 1080, to: 1800, engineer: 'b' }]);
  });

  it('a higher level covers a lower one only where it has someone (nights, restricted)', () => {
    const s = build({
      timezone: 'UTC',
      layers: [
        { rotation: 'weekly', participants: ['a'] },
        { rotation: 'weekly', participants: ['c'], restrictions: { hours: '18:00-08:00' }, level: 1 },
      ],
    });
    expect(s.whoAt(12 * 60)).toBe('a');
    expect(s.whoAt(20 * 60)).toBe('c');
    expect(s.whoAt(1440 + 7 * 60 + 59)).toBe('c');
    expect(s.whoAt(1440 + 8 * 60)).toBe('a');
    expect(s.whoAt(6 * 60)).toBe('c'); // Tuesday's night shift runs into Wednesday 08:00
    // a's and c's spans never overlap and together cover the horizon.
    const total = [...s.spansOf('a'), ...s.spansOf('c')].reduce((n, [x, y]) => n + y - x, 0);
    expect(total).toBe(H);
  });

  it('two layers of the same level may share the week when they do not overlap (weekdays / weekends)', () => {
    const s = build({
      timezone: 'UTC',
      layers: [
        { rotation: 'weekly', participants: ['a'], restrictions: { days: 'mon-fri' } },
        { rotation: 'weekly', participants: ['b'], restrictions: { days: 'sat,sun' } },
      ],
    });
    expect(s.whoAt(0)).toBe('a'); // Wednesday
    expect(s.whoAt(3 * 1440 + 1)).toBe('b'); // Saturday
  });

  it('an override replaces whoever is on call for its dates (a date-only "to" is inclusive)', () => {
    const s = build({ timezone: 'UTC', layers: [{ rotation: 'weekly', participants: ['a'] }], overrides: [{ from: '2026-03-26', to: '2026-03-26', engineer: 'c' }] });
    expect(s.segments).toEqual([{ from: 0, to: 1440, engineer: 'a' }, { from: 1440, to: 2880, engineer: 'c' }, { from: 2880, to: H, engineer: 'a' }]);
  });

  it('property: at any instant, the on-call engineer is the one of the highest-level layer that has someone then', () => {
    const layer = fc.record({
      participants: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
      rotation: fc.constantFrom('daily', 'weekly', '8h', 300),
      handoff: fc.constantFrom(undefined, '09:00', '23:30'),
      restrictions: fc.constantFrom(undefined, { hours: '18:00-08:00' }, { days: 'sat,sun' }, { days: 'mon-fri', hours: '09:00-17:00' }),
    });
    fc.assert(fc.property(fc.array(layer, { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: H - 1 }), { minLength: 20, maxLength: 20 }), (layers, times) => {
      const specs = layers.map((l, i) => ({ ...l, level: 10 - i })); // listed from the highest level down
      const whole = build({ timezone: 'Europe/London', layers: specs });
      const alone = specs.map((l) => build({ timezone: 'Europe/London', layers: [l] }));
      for (const t of times) {
        const expected = alone.map((s) => s.whoAt(t)).find((x) => x !== undefined);
        expect(whole.whoAt(t)).toBe(expected);
      }
      // Segments are disjoint and in order.
      for (let i = 1; i < whole.segments.length; i++) expect(whole.segments[i].from).toBeGreaterThanOrEqual(whole.segments[i - 1].to);
    }), { seed: 11, numRuns: 60 });
  });

  it.each([
    [{ timezone: 'UTC', layers: [{ rotation: 'weekly' }, { rotation: 'daily' }] }, 'teams[1].oncall.layers[1]: overlaps layers[0] from 2026-03-25T00:00:00.000Z at the same level 0; give them different levels'],
    [{ timezone: 'UTC', layers: [{ rotation: 'weekly', handoff: 'monday 9am' }] }, 'teams[1].oncall.layers[0].handoff: "monday 9am" is not a hand-off time; expected "ddd HH:MM"'],
    [{ timezone: 'UTC', layers: [{ rotation: 'daily', handoff: 'mon 09:00' }] }, 'teams[1].oncall.layers[0].handoff: "mon 09:00" is not a hand-off time; expected "HH:MM"'],
    [{ timezone: 'Europe/Londres', layers: [{ rotation: 'weekly' }] }, 'teams[1].oncall.timezone: unknown time zone "Europe/Londres"'],
    [{ timezone: 'UTC', layers: [{ rotation: 'fortnightly' }] }, 'teams[1].oncall.layers[0].rotation: invalid duration "fortnightly"'],
    [{ timezone: 'UTC', layers: [{ rotation: 'weekly', participants: ['a', 'zed'] }] }, 'teams[1].oncall.layers[0].participants[1]: unknown engineer "zed" (expected one of the team\'s engineers: a, b, c)'],
    [{ timezone: 'UTC', layers: [{ rotation: 'weekly', restrictions: { hours: '18-08' } }] }, 'teams[1].oncall.layers[0].restrictions.hours: "18-08" is not a set of hours'],
    [{ timezone: 'UTC', layers: [{ rotation: 'weekly' }], overrides: [{ from: 'soon', to: '2026-03-26', engineer: 'a' }] }, 'teams[1].oncall.overrides[0].from: "soon" is not a date or instant'],
  ])('rejects a bad schedule with a one-line error (%#)', (spec, message) => {
    expect(() => build(spec as OnCallSpec)).toThrow(message);
  });
});
