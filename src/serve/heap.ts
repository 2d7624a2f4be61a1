/**
 * The live service's timers: a binary min-heap ordered by (due minute, insertion sequence), so
 * timers due at the same minute fire in the order they were set — the same order on every
 * replay of the journal.
 */
export interface Timer {
  /** minutes since the origin */
  due: number;
  seq: number;
  fire: () => void;
}

export class TimerHeap {
  private readonly items: Timer[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  /** The earliest timer, without removing it. */
  peek(): Timer | undefined {
    return this.items[0];
  }

  push(due: number, fire: () => void): void {
    const t: Timer = { due, seq: this.seq++, fire };
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

  pop(): Timer | undefined {
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

function less(x: Timer, y: Timer): boolean {
  return x.due < y.due || (x.due === y.due && x.seq < y.seq);
}
