/**
 * The service clock (`--clock`, `--rate`): the real clock, the real clock shifted ("+2h", "-1d"),
 * or a virtual clock starting at a fixed instant ("2026-11-23T08:00:00Z"). `--rate` scales how
 * fast it runs (0 stands still: time then moves only by `POST /v1/clock`, for tests and drills).
 * It never reads earlier than the last journaled instant, so time on a restarted service goes on
 * from where the journal left it.
 */
import { DateTime } from 'luxon';
import { UserError } from '../errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };

export class ServiceClock {
  private readonly baseMs: number;
  private readonly realBase: number;
  private floorMs = -Infinity;
  private shiftMs = 0;

  /** `spec`: "now" (default), "+90m" / "-1d" (offset from now), or an ISO-8601 instant (virtual start). */
  constructor(spec: string | undefined, readonly rate = 1, private readonly real: () => number = Date.now) {
    if (!(rate >= 0) || !Number.isFinite(rate)) throw new UserError(`--rate: ${rate} is not a number ≥ 0`);
    this.realBase = real();
    const s = (spec ?? 'now').trim();
    if (s === 'now') this.baseMs = this.realBase;
    else {
      const off = /^([+-])(\d+(?:\.\d+)?)([smhdw])$/.exec(s);
      if (off) this.baseMs = this.realBase + (off[1] === '-' ? -1 : 1) * Number(off[2]) * UNIT_MS[off[3]];
      else {
        const dt = DateTime.fromISO(s, { setZone: true });
        if (!dt.isValid || !/T|\d{2}:\d{2}/.test(s)) throw new UserError(`--clock: ${JSON.stringify(spec)} is not "now", an offset such as +2h or -1d, or an ISO-8601 instant such as 2026-11-23T08:00:00Z`);
        this.baseMs = dt.toMillis();
      }
    }
  }

  /** Whether time can be moved by hand (`POST /v1/clock`): only a clock that is not the real one. */
  get virtual(): boolean {
    return this.rate !== 1 || this.baseMs !== this.realBase;
  }

  /** The current instant, epoch ms (integer). */
  now(): number {
    const t = Math.floor(this.baseMs + this.shiftMs + (this.real() - this.realBase) * this.rate);
    return t > this.floorMs ? t : this.floorMs;
  }

  /** The clock never reads earlier than `ms` again (the last journaled instant). */
  notBefore(ms: number): void {
    if (ms > this.floorMs) this.floorMs = ms;
  }

  /** Moves a virtual clock forward to `ms`. */
  moveTo(ms: number): void {
    const cur = this.now();
    if (ms > cur) this.shiftMs += ms - cur;
    this.notBefore(ms);
  }

  /** Real milliseconds until the clock reads `ms` (Infinity when it stands still). */
  realDelay(ms: number): number {
    const d = ms - this.now();
    if (d <= 0) return 0;
    return this.rate === 0 ? Infinity : d / this.rate;
  }
}
