/**
 * The live service's timers: a binary min-heap ordered by (due minute, insertion sequence), so
 * timers due at the same minute fire in the order they were set — the same order on every
 * replay of the journal. A timer holds plain data (`what`: which timer, for which incident or
 * engineer), not a closure, so the heap can be written into a snapshot and read back.
 */
export interface Timer<W> {
  /** minutes since the origin */
  due: number;
  seq: number;
  what: W;
}

export class TimerHeap<W> {
  private items: Timer<W>[] = [];
  private seq = 0;

  /** Every timer in firing order (a canonical form) and the next sequence number, for a snapshot. */
  save(): { timers: Timer<W>[]; seq: number } {
    return { timers: this.items.map((t) => ({ ...t })).sort((a, b) => (less(a, b) ? -1 : 1)), seq: this.seq };
  }

  /** Replaces the contents with saved timers (any order: the heap is rebuilt) and sequence. */
  load(timers: readonly Timer<W>[], seq: number): void {
    this.items = [];
    // a sorted array is a heap
    for (const t of [...timers].sort((a, b) => (less(a, b) ? -1 : 1))) this.items.push({ ...t });
    this.seq = seq;
  }

  get size(): number {
    return this.items.length;
  }

  /** The earliest timer, without removing it. */
  peek(): Timer<W> | undefined {
    return this.items[0];
  }

  push(due: number, what: W): void {
    const t: Timer<W> = { due, seq: this.seq++, what };
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(t, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = t;
  }

  pop(): Timer<W> | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && less(a[l + 1], a[l]) ? l + 1 : l;
        if (!less(a[c], last)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function less<W>(x: Timer<W>, y: Timer<W>): boolean {
  return x.due < y.due || (x.due === y.due && x.seq < y.seq);
}
