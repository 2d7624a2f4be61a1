import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UserError } from '../../src/errors.js';
import { formatDuration, parseDuration } from '../../src/kernel/duration.js';

describe('parseDuration (minutes)', () => {
  it.each([
    [90, 90],
    [0, 0],
    ['90', 90],
    ['2.5', 2.5],
    ['45s', 0.75],
    ['90s', 1.5],
    ['15m', 15],
    ['2h', 120],
    ['4h', 240],
    ['1h30m', 90],
    ['1h 30m', 90],
    ['3d', 4320],
    ['1w', 10080],
    ['1w 2d 3h 4m 30s', 10080 + 2880 + 180 + 4 + 0.5],
    ['21.6h', 1296],
    ['.5h', 30],
    ['1.5e2m', 150],
    [' 2H ', 120],
  ])('%j → %d', (input, minutes) => {
    expect(parseDuration(input)).toBeCloseTo(minutes, 12);
  });

  it.each(['', ' ', '3x', '10 minutes', 'h', '1h30', '-5m', '5m-', 'm5', '1e999m', 'NaN', '1,5h'])(
    'rejects %j with a UserError naming the field, the value and the accepted forms',
    (bad) => {
      expect(() => parseDuration(bad, 'teams[2].surge.maxDuration')).toThrow(UserError);
      expect(() => parseDuration(bad, 'teams[2].surge.maxDuration')).toThrow(
        `teams[2].surge.maxDuration: invalid duration ${JSON.stringify(bad)}; expected a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes`,
      );
    },
  );

  it.each([-1, Infinity, NaN])('rejects the number %d', (bad) => {
    expect(() => parseDuration(bad, 'horizon')).toThrow(/^horizon: invalid duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [0.75, '45s'],
    [15, '15m'],
    [90, '1h 30m'],
    [1440, '1d'],
    [10080 + 1440 + 61, '1w 1d 1h 1m'],
    [1 / 60 / 4, '0m'],
  ])('%d minutes → %s', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });

  it('is read back by parseDuration exactly, for any whole number of seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 8 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds / 60)) * 60).toBeCloseTo(seconds, 6);
      }),
    );
  });
});
