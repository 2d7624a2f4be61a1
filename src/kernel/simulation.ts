/**
 * The discrete-event kernel: a clock and a pending-event set. It knows nothing of what it
 * simulates. Times are numbers (the rest of incisim uses minutes of simulated time).
 *
 * Order of events: by time, then by priority (lower value first, default 0), then by the order in
 * which they were scheduled (first scheduled, first run). Two runs that schedule the same events
 * in the same order therefore run them in the same order, whatever the heap's internal layout.
 *
 * Storage: events live in slots of parallel typed arrays (time, priority, sequence) plus two
 * plain arrays (handler, data); freed slots are reused, so the steady state allocates nothing per
 * event beyond what the caller passes. The heap is a 4-ary heap of slot numbers, with each
 * position's time beside it (so a sift reads neighbouring times, not the scattered slots', and
 * is half as deep as a binary heap) and a back-index from slot to heap position, so `cancel` is
 * O(log n).
 */
import { DOUBLE_ZERO } from './numbers.js';
import { objectSlots } from './arrays.js';

/** Called when an event fires. `data` is what was passed to `schedule`. */
export type EventHandler<T = any> = (data: T, sim: Simulation) => void;

/** Identifies a scheduled event for `cancel`. Stale ids (event already run or cancelled) are harmless. */
export type EventId = number;

/**
 * The id no event has: `current` outside a handler, and what a field holding an event's id holds
 * when there is none. Not −1: ids are numbers beyond the small-integer range (heap numbers to
 * V8), and a field that starts with a small integer and is later given an id changes
 * representation, which deprecates its objects' shape and throws away the optimised code that
 * reads them (see `DOUBLE_ZERO` in numbers.ts). `cancel(NO_EVENT)` returns false.
 */
export const NO_EVENT: EventId = -0.5;

/** Options of `Simulation.run`. */
export interface RunOptions {
  /** Stop before the first event later than this time; the clock is then set to `until`. */
  until?: number;
  /** Stop after this many events (a safety net for runaway models). */
  maxEvents?: number;
}

const SLOT_BITS = 2 ** 32;
const NO_POS = -1;

export class Simulation {
  /**
   * The clock: a double from the first store (`DOUBLE_ZERO`), then 0 (the constructor), so its
   * shape never changes when the first fractional time arrives. Otherwise the first simulation
   * of a process deprecates the shape, and a later one (the next replication in this thread)
   * generalises the type of every field that holds a simulation, throwing away all the code
   * optimised on it (22 functions of the lifecycle at the second replication's start on default.yaml).
   */
  private _now = DOUBLE_ZERO;
  private _stopped = false;
  private seqCounter = 0;
  private size = 0;
  private eventsRun = 0;
  private currentId: EventId = NO_EVENT;

  // Slot storage.
  private times: Float64Array;
  private prios: Int32Array;
  private seqs: Float64Array;
  private gens: Uint32Array;
  private pos: Int32Array; // heap position of each slot, NO_POS when free
  private handlers: (EventHandler | undefined)[];
  private datas: unknown[];
  private free: Int32Array;
  private freeTop = 0;
  private capacity: number;

  // Heap of slot numbers (4-ary), and the time of the event at each position.
  private heap: Int32Array;
  private heapTimes: Float64Array;

  constructor(initialCapacity = 1024) {
    this._now = 0; // (+0: the clock's value; the field stays a double)
    this.capacity = Math.max(16, initialCapacity);
    this.times = new Float64Array(this.capacity);
    this.prios = new Int32Array(this.capacity);
    this.seqs = new Float64Array(this.capacity);
    this.gens = new Uint32Array(this.capacity);
    this.pos = new Int32Array(this.capacity).fill(NO_POS);
    this.handlers = objectSlots(this.capacity);
    this.datas = objectSlots(this.capacity);
    this.heap = new Int32Array(this.capacity);
    this.heapTimes = new Float64Array(this.capacity);
    this.free = new Int32Array(this.capacity);
    for (let i = 0; i < this.capacity; i++) this.free[i] = this.capacity - 1 - i;
    this.freeTop = this.capacity;
  }

  /** The current simulated time. */
  get now(): number {
    return this._now;
  }

  /** Number of events waiting to run. */
  get pending(): number {
    return this.size;
  }

  /**
   * The id of the event whose handler is running (what `schedule` returned for it); `NO_EVENT`
   * outside a handler. Lets a handler whose data is shared by several events (an object
   * scheduled more than once) tell whether it is the one the object last scheduled, without a
   * payload per event.
   */
  get current(): EventId {
    return this.currentId;
  }

  /** Number of events run so far. */
  get eventCount(): number {
    return this.eventsRun;
  }

  /** Time of the next event, or Infinity when none is pending. */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.heapTimes[0];
  }

  /**
   * Schedule `handler(data)` to run `delay` time units from now (delay ≥ 0).
   * Lower `priority` runs first among events at the same time.
   */
  schedule<T>(delay: number, handler: EventHandler<T>, data?: T, priority = 0): EventId {
    if (!(delay >= 0)) throw new RangeError(`schedule: delay must be a number ≥ 0, got ${delay}`);
    return this.scheduleAt(this._now + delay, handler, data, priority);
  }

  /** Schedule at an absolute time (≥ now). */
  scheduleAt<T>(time: number, handler: EventHandler<T>, data?: T, priority = 0): EventId {
    const slot = this.insert(time, handler, data, priority);
    return this.gens[slot] * SLOT_BITS + slot;
  }

  /**
   * `schedule` for an event that is never cancelled: the same event, in the same order, but no
   * id is returned. (An id is a number beyond the small-integer range, so returning one costs a
   * heap-allocated box per event whether or not the caller keeps it.)
   */
  post<T>(delay: number, handler: EventHandler<T>, data?: T, priority = 0): void {
    if (!(delay >= 0)) throw new RangeError(`schedule: delay must be a number ≥ 0, got ${delay}`);
    this.insert(this._now + delay, handler, data, priority);
  }

  /** `scheduleAt` for an event that is never cancelled (see `post`). */
  postAt<T>(time: number, handler: EventHandler<T>, data?: T, priority = 0): void {
    this.insert(time, handler, data, priority);
  }

  /** Puts an event in a free slot and the heap; returns the slot. */
  private insert(time: number, handler: EventHandler, data: unknown, priority: number): number {
    if (!(time >= this._now)) throw new RangeError(`scheduleAt: time ${time} is before now (${this._now})`);
    if (this.freeTop === 0) this.grow();
    const slot = this.free[--this.freeTop];
    this.times[slot] = time;
    this.prios[slot] = priority;
    this.seqs[slot] = this.seqCounter++;
    this.handlers[slot] = handler;
    this.datas[slot] = data;
    const i = this.size++;
    this.heap[i] = slot;
    this.heapTimes[i] = time;
    this.pos[slot] = i;
    this.siftUp(i);
    return slot;
  }

  /** Cancel a pending event. Returns false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const gen = (id - slot) / SLOT_BITS;
    if (slot >= this.capacity || this.gens[slot] !== gen || this.pos[slot] === NO_POS) return false;
    const i = this.pos[slot];
    this.removeAt(i);
    this.release(slot);
    return true;
  }

  /** Run the next event. Returns false when no event is pending. */
  step(): boolean {
    if (this.size === 0) return false;
    const slot = this.heap[0];
    this.removeAt(0);
    this._now = this.times[slot];
    const handler = this.handlers[slot]!;
    const data = this.datas[slot];
    this.currentId = this.gens[slot] * SLOT_BITS + slot;
    this.release(slot);
    this.eventsRun++;
    handler(data, this);
    this.currentId = NO_EVENT;
    return true;
  }

  /**
   * Run events until none is pending, `stop()` is called, or the limits in `options` are met.
   * Returns the number of events run by this call.
   */
  run(options: RunOptions = {}): number {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    this._stopped = false;
    let n = 0;
    while (this.size > 0 && !this._stopped && n < maxEvents) {
      if (this.heapTimes[0] > until) break;
      this.step();
      n++;
    }
    if (until !== Infinity && !this._stopped && n < maxEvents && this._now < until) this._now = until;
    return n;
  }

  /** Make the current `run` return after the event being handled. */
  stop(): void {
    this._stopped = true;
  }

  // ---- internals -------------------------------------------------------------------------

  private release(slot: number): void {
    this.pos[slot] = NO_POS;
    this.handlers[slot] = undefined;
    this.datas[slot] = undefined;
    this.gens[slot] = (this.gens[slot] + 1) % 0x200000; // keeps ids below 2^53
    this.free[this.freeTop++] = slot;
  }

  private removeAt(i: number): void {
    const last = --this.size;
    if (i !== last) {
      const moved = this.heap[last];
      this.heap[i] = moved;
      this.heapTimes[i] = this.heapTimes[last];
      this.pos[moved] = i;
      if (!this.siftUp(i)) this.siftDown(i);
    }
  }

  /** Whether the event in slot `a` (at time `ta`) runs before the one in slot `b` (at `tb`). */
  private less(a: number, ta: number, b: number, tb: number): boolean {
    if (ta !== tb) return ta < tb;
    const pa = this.prios[a];
    const pb = this.prios[b];
    if (pa !== pb) return pa < pb;
    return this.seqs[a] < this.seqs[b];
  }

  /** Returns true if the element moved. */
  private siftUp(i: number): boolean {
    const heap = this.heap;
    const times = this.heapTimes;
    const slot = heap[i];
    const t = times[i];
    const start = i;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const ps = heap[parent];
      const pt = times[parent];
      if (!this.less(slot, t, ps, pt)) break;
      heap[i] = ps;
      times[i] = pt;
      this.pos[ps] = i;
      i = parent;
    }
    heap[i] = slot;
    times[i] = t;
    this.pos[slot] = i;
    return i !== start;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const times = this.heapTimes;
    const n = this.size;
    const slot = heap[i];
    const t = times[i];
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // the earliest of up to four children
      let c = first;
      let cs = heap[c];
      let ct = times[c];
      const end = Math.min(first + 4, n);
      for (let k = first + 1; k < end; k++) {
        const ks = heap[k];
        const kt = times[k];
        if (this.less(ks, kt, cs, ct)) {
          c = k;
          cs = ks;
          ct = kt;
        }
      }
      if (!this.less(cs, ct, slot, t)) break;
      heap[i] = cs;
      times[i] = ct;
      this.pos[cs] = i;
      i = c;
    }
    heap[i] = slot;
    times[i] = t;
    this.pos[slot] = i;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(cap); b.set(a); return b; };
    this.times = f64(this.times);
    this.seqs = f64(this.seqs);
    const p = new Int32Array(cap); p.set(this.prios); this.prios = p;
    const g = new Uint32Array(cap); g.set(this.gens); this.gens = g;
    const ps = new Int32Array(cap).fill(NO_POS); ps.set(this.pos); this.pos = ps;
    const h = new Int32Array(cap); h.set(this.heap); this.heap = h;
    this.heapTimes = f64(this.heapTimes);
    this.handlers.length = cap;
    this.datas.length = cap;
    this.free = new Int32Array(cap);
    this.freeTop = 0;
    for (let s = cap - 1; s >= old; s--) this.free[this.freeTop++] = s;
    this.capacity = cap;
  }
}
