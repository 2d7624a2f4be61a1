import { DateTime } from 'luxon';
import { utcOffset } from '../time/offsets.js';

/**
 * Local wall-clock facts for each simulated hour, in one time zone: the hour of the week
 * (0 = Monday 00:00–01:00 local … 167) and the hour of the day. Built once per zone at the edge,
 * so the simulation's hot path answers "what local hour is it?" with an array lookup, honouring
 * daylight-saving changes (the table holds every hour of the horizon, from the zone's UTC offset
 * at that instant, which luxon reads from the platform's time-zone data).
 */
export class HourTable {
  /** hour of week per simulated hour index */
  readonly hourOfWeek: Uint8Array;
  readonly hours: number;

  constructor(readonly startIso: string, readonly timezone: string, horizonMinutes: number) {
    this.hours = Math.ceil(horizonMinutes / 60) + 1;
    this.hourOfWeek = new Uint8Array(this.hours);
    const start = DateTime.fromISO(startIso, { setZone: true }).toMillis();
    for (let h = 0; h < this.hours; h++) {
      const ts = start + h * 3600000;
      const local = new Date(ts + utcOffset(timezone, ts) * 60000); // its UTC fields are the local wall time
      this.hourOfWeek[h] = ((local.getUTCDay() + 6) % 7) * 24 + local.getUTCHours();
    }
  }

  /** Hour of week (0–167) at simulated minute t. */
  at(t: number): number {
    const h = Math.floor(t / 60);
    return this.hourOfWeek[h < this.hours ? (h < 0 ? 0 : h) : this.hours - 1];
  }

  /** Local hour of day (0–23) at simulated minute t. */
  hourOfDay(t: number): number {
    return this.at(t) % 24;
  }
}

/** Caches one HourTable per time zone for a scenario. */
export class HourTables {
  private readonly tables = new Map<string, HourTable>();
  constructor(readonly startIso: string, readonly horizonMinutes: number) {}

  get(timezone: string): HourTable {
    let t = this.tables.get(timezone);
    if (!t) {
      t = new HourTable(this.startIso, timezone, this.horizonMinutes);
      this.tables.set(timezone, t);
    }
    return t;
  }
}
