/** utcOffset: a zone's UTC offset at an instant, as the platform's time-zone data (through luxon) gives it. */
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { utcOffset } from '../../src/time/offsets.js';

/** Zones with unusual rules: half-hour and 45-minute offsets, a 30-minute DST (Lord Howe), DST suspended for Ramadan (Casablanca), southern-hemisphere DST, none. */
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Africa/Casablanca', 'Australia/Adelaide', 'Pacific/Chatham', 'America/Santiago', 'Asia/Tokyo', 'UTC'];
const ms = (iso: string) => Date.parse(iso);

describe('utcOffset', () => {
  it('equals luxon at any instant, in every zone, 1990–2100', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: ms('1990-01-01T00:00:00Z'), max: ms('2100-01-01T00:00:00Z') }), (zone, ts) => {
        expect(utcOffset(zone, ts)).toBe(IANAZone.create(zone).offset(ts));
      }),
      { numRuns: 3000, seed: 16 },
    );
  });

  it('changes at the transition instant itself, to the millisecond', () => {
    // London, 29 March 2026: 01:00Z GMT (0) → BST (+60); 25 October 2026: 01:00Z BST → GMT
    expect(utcOffset('Europe/London', ms('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(utcOffset('Europe/London', ms('2026-03-29T01:00:00.000Z'))).toBe(60);
    expect(utcOffset('Europe/London', ms('2026-10-25T00:59:59.999Z'))).toBe(60);
    expect(utcOffset('Europe/London', ms('2026-10-25T01:00:00.000Z'))).toBe(0);
    // Lord Howe, 4 October 2026: 02:00 local (+10:30) → 02:30 (+11:00), i.e. at 15:30Z the day before
    expect(utcOffset('Australia/Lord_Howe', ms('2026-10-03T15:29:59.999Z'))).toBe(630);
    expect(utcOffset('Australia/Lord_Howe', ms('2026-10-03T15:30:00.000Z'))).toBe(660);
  });

  it('reads a luxon zone object like its name', () => {
    const zone = IANAZone.create('America/St_Johns');
    expect(utcOffset(zone, ms('2026-07-01T12:00:00Z'))).toBe(-150);
    expect(utcOffset('America/St_Johns', ms('2026-01-01T12:00:00Z'))).toBe(-210);
  });

  it('finds every transition of a year at the instant luxon puts it', () => {
    for (const zone of ZONES) {
      const z = IANAZone.create(zone);
      // walk 2026 by the minute around each change luxon reports on an hourly walk
      for (let t = ms('2026-01-01T00:00:00Z'); t < ms('2027-01-01T00:00:00Z'); t += 3600000) {
        if (z.offset(t) === z.offset(t + 3600000)) continue;
        for (let m = t; m <= t + 3600000; m += 60000) expect(utcOffset(zone, m)).toBe(z.offset(m));
      }
    }
  });
});
