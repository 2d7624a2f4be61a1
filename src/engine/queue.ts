/**
 * A team queue: items kept in service order (a strict total order `before`), with O(log n) search
 * and inserts and removals that move only the shorter side of the array (the queue's head is an
 * offset, so serving the first item moves nothing). Teams of thousands with backlogs of thousands
 * stay cheap: no shift of the whole queue per arrival or per assignment.
 */
export class ServiceQueue<T> {
  /** items[head … head + size) in service order; the rest are holes */
  private items: (T | undefined)[] = [];
  private head = 0;
  private size = 0;

  /** `before(a, b)`: a is served before b (a strict total order: ties broken, e.g. by arrival sequence). */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get length(): number {
    return this.size;
  }

  /** The item at position `i` (0 = served next). */
  at(i: number): T {
    return this.items[this.head + i] as T;
  }

  /** Inserts `x` at its place in service order; returns its position. */
  insert(x: T): number {
    const k = this.lowerBound(x);
    this.insertAt(k, x);
    return k;
  }

  /** Position of `x`, or −1 when it is not queued. O(log n). */
  indexOf(x: T): number {
    const k = this.lowerBound(x);
    return k < this.size && this.items[this.head + k] === x ? k : -1;
  }

  /** Removes the item at position `k`. */
  removeAt(k: number): void {
    const it = this.items;
    const h = this.head;
    if (k < this.size - 1 - k) {
      for (let i = h + k; i > h; i--) it[i] = it[i - 1];
      it[h] = undefined;
      this.head++;
    } else {
      const last = h + this.size - 1;
      for (let i = h + k; i < last; i++) it[i] = it[i + 1];
      it[last] = undefined;
    }
    if (--this.size === 0) this.head = 0;
  }

  /** The items in service order (a copy). */
  toArray(): T[] {
    return this.items.slice(this.head, this.head + this.size) as T[];
  }

  /** First position whose item is not served before `x`. */
  private lowerBound(x: T): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.before(this.items[this.head + mid] as T, x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertAt(k: number, x: T): void {
    const it = this.items;
    if (this.head > 0 && k < this.size - k) {
      // move the front part one place left
      const h = --this.head;
      for (let i = h; i < h + k; i++) it[i] = it[i + 1];
      it[h + k] = x;
    } else {
      if (this.head > 0 && this.head + this.size === it.length && this.head >= this.size) this.compact();
      const h = this.head;
      const end = h + this.size;
      if (end === it.length) it.push(undefined);
      for (let i = end; i > h + k; i--) it[i] = it[i - 1];
      it[h + k] = x;
    }
    this.size++;
  }

  /** Moves the items to the start of the array (when the head has drifted far). */
  private compact(): void {
    const it = this.items;
    for (let i = 0; i < this.size; i++) {
      it[i] = it[this.head + i];
      it[this.head + i] = undefined;
    }
    this.head = 0;
  }
}
