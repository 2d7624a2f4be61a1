/**
 * A team queue: items kept in service order (a strict total order `before`), with O(log n) search
 * and inserts and removals that move only the shorter side of the array (the queue's head is an
 * offset with free room before it, so serving the first item moves nothing and an insert near the
 * front moves only what is before it). Teams of thousands with backlogs of thousands
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
    // the latest of the queue (an arrival, usually): appended without a search
    if (this.size === 0 || this.before(this.items[this.head + this.size - 1] as T, x)) {
      this.insertAt(this.size, x);
      return this.size - 1;
    }
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
    if (k < this.size - k && this.head === 0 && this.size >= 8) this.recenter();
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

  /**
   * Leaves free room before the head (half the queue's length), so that inserts near the front
   * move the front part, not the whole queue: one move of every item buys that many cheap inserts.
   */
  private recenter(): void {
    const it = this.items;
    const gap = this.size >> 1;
    for (let i = this.size - 1; i >= 0; i--) it[i + gap] = it[i];
    for (let i = 0; i < gap; i++) it[i] = undefined;
    this.head = gap;
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

/**
 * A priority queue of a team ('priority' discipline): one ServiceQueue per priority, in priority
 * order. New incidents are the latest of their priority, so each arrival is appended to its own
 * priority's queue (no move of the others); positions run across the priorities in service order.
 */
export class PriorityQueues<T> {
  /** the priorities seen, in service order, and their queues */
  private readonly keys: string[] = [];
  private readonly queues: ServiceQueue<T>[] = [];
  private size = 0;

  /** `priority(x)` orders the groups (string order); `before` orders items within one. */
  constructor(private readonly priority: (x: T) => string, private readonly before: (a: T, b: T) => boolean) {}

  get length(): number {
    return this.size;
  }

  at(i: number): T {
    const qs = this.queues;
    for (let g = 0; g < qs.length; g++) {
      if (i < qs[g].length) return qs[g].at(i);
      i -= qs[g].length;
    }
    return undefined as T;
  }

  insert(x: T): number {
    const key = this.priority(x);
    let g = 0;
    let offset = 0;
    while (g < this.keys.length && this.keys[g] < key) offset += this.queues[g++].length;
    if (g === this.keys.length || this.keys[g] !== key) {
      this.keys.splice(g, 0, key);
      this.queues.splice(g, 0, new ServiceQueue<T>(this.before));
    }
    this.size++;
    return offset + this.queues[g].insert(x);
  }

  indexOf(x: T): number {
    const key = this.priority(x);
    let offset = 0;
    for (let g = 0; g < this.keys.length; g++) {
      if (this.keys[g] === key) {
        const k = this.queues[g].indexOf(x);
        return k < 0 ? -1 : offset + k;
      }
      offset += this.queues[g].length;
    }
    return -1;
  }

  removeAt(i: number): void {
    const qs = this.queues;
    for (let g = 0; g < qs.length; g++) {
      if (i < qs[g].length) {
        qs[g].removeAt(i);
        this.size--;
        return;
      }
      i -= qs[g].length;
    }
  }

  toArray(): T[] {
    return this.queues.flatMap((q) => q.toArray());
  }
}
