/**
 * A team queue: items kept in service order (a strict total order `before`) in a list of blocks of
 * at most `blockSize` items each (a one-level B-tree). Search is O(log n); an insert or a removal
 * moves at most one block's items (plus the block list when a block splits or empties), and a
 * position is found by walking the block lengths (n ÷ blockSize of them, a few dozen for a backlog
 * of thousands). Teams of thousands with backlogs of thousands stay cheap: no shift of the whole
 * queue per arrival, per assignment or per incident handed back out of order.
 */
export class ServiceQueue<T> {
  /** the items in service order, cut into non-empty blocks */
  private readonly blocks: T[][] = [];
  private size = 0;

  /**
   * `before(a, b)`: a is served before b (a strict total order: ties broken, e.g. by arrival
   * sequence). `blockSize` (≥ 2): the most items one block holds before it is split in two.
   */
  constructor(private readonly before: (a: T, b: T) => boolean, private readonly blockSize = 128) {
    if (!(blockSize >= 2)) throw new RangeError(`ServiceQueue: blockSize must be ≥ 2, got ${blockSize}`);
  }

  get length(): number {
    return this.size;
  }

  /** The item at position `i` (0 = served next). */
  at(i: number): T {
    const bs = this.blocks;
    for (let b = 0; b < bs.length; b++) {
      if (i < bs[b].length) return bs[b][i];
      i -= bs[b].length;
    }
    return undefined as T;
  }

  /** Inserts `x` at its place in service order; returns its position. */
  insert(x: T): number {
    const bs = this.blocks;
    const n = bs.length;
    // the latest of the queue (an arrival, usually): appended without a search
    if (n === 0) {
      bs.push([x]);
      this.size = 1;
      return 0;
    }
    const last = bs[n - 1];
    if (this.before(last[last.length - 1], x)) {
      last.push(x);
      if (last.length > this.blockSize) this.split(n - 1);
      return this.size++;
    }
    const b = this.blockOf(x);
    const block = bs[b];
    const k = lowerBound(block, x, this.before);
    insertAt(block, k, x);
    const pos = this.offsetOf(b) + k;
    if (block.length > this.blockSize) this.split(b);
    this.size++;
    return pos;
  }

  /** Position of `x`, or −1 when it is not queued. O(log n) search. */
  indexOf(x: T): number {
    if (this.size === 0) return -1;
    const b = this.blockOf(x);
    const block = this.blocks[b];
    const k = lowerBound(block, x, this.before);
    return k < block.length && block[k] === x ? this.offsetOf(b) + k : -1;
  }

  /** Removes the item at position `k`. */
  removeAt(k: number): void {
    const bs = this.blocks;
    for (let b = 0; b < bs.length; b++) {
      const block = bs[b];
      if (k < block.length) {
        if (k === 0) block.shift();
        else removeAt(block, k);
        if (block.length === 0) removeAt(bs, b);
        this.size--;
        return;
      }
      k -= block.length;
    }
  }

  /** The items in service order (a copy). */
  toArray(): T[] {
    const out: T[] = [];
    for (const block of this.blocks) for (const x of block) out.push(x);
    return out;
  }

  /** The block where `x` belongs: the first whose last item is not served before `x` (the last block when none). */
  private blockOf(x: T): number {
    const bs = this.blocks;
    let lo = 0;
    let hi = bs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const block = bs[mid];
      if (this.before(block[block.length - 1], x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Items in the blocks before block `b`. */
  private offsetOf(b: number): number {
    let n = 0;
    for (let i = 0; i < b; i++) n += this.blocks[i].length;
    return n;
  }

  /** Splits block `b` into two halves. */
  private split(b: number): void {
    const block = this.blocks[b];
    const half = block.length >> 1;
    insertAt(this.blocks, b + 1, block.slice(half));
    block.length = half;
  }
}

/** First position in the sorted `list` whose item is not served before `x`. */
function lowerBound<T>(list: readonly T[], x: T, before: (a: T, b: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid], x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** list.splice(k, 0, x), without allocating the (empty) array splice returns. */
export function insertAt<T>(list: T[], k: number, x: T): void {
  list.push(x);
  for (let i = list.length - 1; i > k; i--) list[i] = list[i - 1];
  list[k] = x;
}

/** list.splice(k, 1), without allocating the array splice returns. */
export function removeAt<T>(list: T[], k: number): void {
  for (let i = k; i < list.length - 1; i++) list[i] = list[i + 1];
  list.pop();
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

  /** `priority(x)` orders the groups (string order); `before` orders items within one; `blockSize` as in ServiceQueue. */
  constructor(private readonly priority: (x: T) => string, private readonly before: (a: T, b: T) => boolean, private readonly blockSize?: number) {}

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
      this.queues.splice(g, 0, new ServiceQueue<T>(this.before, this.blockSize));
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
