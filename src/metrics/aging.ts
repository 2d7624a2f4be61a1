/**
 * Backlog aging over time: at each point of a regular grid (t = 0, g, 2g, … < horizon), the
 * incidents open then (openedAt ≤ t < resolvedAt), split into age buckets by t − openedAt:
 * [0, b₁), [b₁, b₂), …, [bₖ, ∞) for ascending bounds b (minutes). Streamed one record at a time
 * with one difference array per bucket, so the cost is O(buckets) per incident and O(buckets ×
 * grid) at the end, whatever the number of incidents. Warm-up arrivals and tickets seeded from a
 * backlog (openedAt < 0) count: the figure is what is open, not what was measured.
 */

/** "< 1d", "1d–3d", …, "> 7d" for bounds in minutes. */
export function agingLabels(bounds: readonly number[]): string[] {
  const d = (m: number) => (m % 1440 === 0 ? `${m / 1440}d` : m % 60 === 0 ? `${m / 60}h` : `${m}m`);
  return [`< ${d(bounds[0])}`, ...bounds.slice(1).map((b, i) => `${d(bounds[i])}–${d(b)}`), `> ${d(bounds[bounds.length - 1])}`];
}

export class AgingAccumulator {
  private readonly diff: Float64Array[];
  readonly points: number;

  constructor(
    readonly bounds: readonly number[],
    readonly grid: number,
    horizon: number,
  ) {
    this.points = Math.ceil(horizon / grid);
    this.diff = Array.from({ length: bounds.length + 1 }, () => new Float64Array(this.points + 1));
  }

  /** An incident open over [openedAt, closedAt) (closedAt undefined: still open at the horizon). */
  add(openedAt: number, closedAt: number | undefined): void {
    const end = closedAt ?? Infinity;
    const g = this.grid;
    for (let k = 0; k <= this.bounds.length; k++) {
      const lo = openedAt + (k === 0 ? 0 : this.bounds[k - 1]);
      const hi = Math.min(end, k === this.bounds.length ? Infinity : openedAt + this.bounds[k]);
      // grid points j·g with lo ≤ j·g < hi
      const first = Math.max(0, Math.ceil(lo / g));
      const last = Math.min(this.points, hi === Infinity ? this.points : Math.ceil(hi / g));
      if (last > first) {
        this.diff[k][first] += 1;
        this.diff[k][last] -= 1;
      }
    }
  }

  /** Grid times and, per bucket, the number open in it at each time. */
  result(): { t: number[]; counts: number[][] } {
    const t = Array.from({ length: this.points }, (_, j) => j * this.grid);
    const counts = this.diff.map((d) => {
      const out = new Array<number>(this.points);
      let run = 0;
      for (let j = 0; j < this.points; j++) out[j] = run += d[j];
      return out;
    });
    return { t, counts };
  }
}
