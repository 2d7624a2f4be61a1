/**
 * Benchmark: the simulation kernel against a bare hand-written event loop on the reference model
 * of issue 2 — M/M/c FIFO, c = 20, λ = 18 per hour, mean service 1 h, 1,000,000 customers
 * (2,000,000 events). The kernel side is src/analytic/mmc.ts (dist/); the bare side is the same
 * model with its own typed-array binary heap, no kernel, the same random streams (Alea via
 * seedrandom), so both do the same work and draw the same numbers. Each side runs 5 times,
 * alternating; the best time counts.
 *
 * Figures: `kernel_events_per_s`, `bare_loop_events_per_s`, `kernel_vs_bare` (their ratio; the
 * kernel's overhead over the least a JS event loop can do, target ≥ 0.5), and the same for a
 * hold model (`hold_*`: 10,000 pending events, each event reschedules itself after an
 * exponential delay — the classic pure event-set benchmark).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const { simulateMMc } = await import(resolve(root, 'dist/analytic/mmc.js'));
const { Simulation } = await import(resolve(root, 'dist/kernel/simulation.js'));
const { createStream } = await import(resolve(root, 'dist/kernel/rng.js'));

const C = 20;
const PER_HOUR = 18;
const MEAN_SERVICE = 60;
const CUSTOMERS = 1_000_000;
const HOLD_PENDING = 10_000;
const HOLD_EVENTS = 2_000_000;

/** Binary min-heap on event time with parallel typed arrays (time, payload); ties by insertion order. */
class BareHeap {
  constructor(capacity) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.payload = new Float64Array(capacity);
    this.size = 0;
    this.counter = 0;
  }
  less(a, b) {
    const ta = this.time[a];
    const tb = this.time[b];
    return ta < tb || (ta === tb && this.seq[a] < this.seq[b]);
  }
  swap(a, b) {
    const t = this.time[a], s = this.seq[a], p = this.payload[a];
    this.time[a] = this.time[b]; this.seq[a] = this.seq[b]; this.payload[a] = this.payload[b];
    this.time[b] = t; this.seq[b] = s; this.payload[b] = p;
  }
  push(time, payload) {
    let i = this.size++;
    this.time[i] = time;
    this.seq[i] = this.counter++;
    this.payload[i] = payload;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Remove the root; its time and payload are left in `topTime` / `topPayload`. */
  pop() {
    this.topTime = this.time[0];
    this.topPayload = this.payload[0];
    const last = --this.size;
    if (last > 0) {
      this.time[0] = this.time[last]; this.seq[0] = this.seq[last]; this.payload[0] = this.payload[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const m = r < last && this.less(r, l) ? r : l;
        if (!this.less(m, i)) break;
        this.swap(m, i);
        i = m;
      }
    }
  }
}

/** The reference M/M/c on the bare heap: payload −1 = arrival, else a departure carrying its arrival time. Exported for bench/suites/sim.js (its `default_vs_bare`). */
export function bareMMc(seed) {
  const arrivals = createStream(`${seed}#arrivals`);
  const service = createStream(`${seed}#service`);
  const ia = 60 / PER_HOUR;
  const heap = new BareHeap(C + 2);
  let cap = 1024, qTime = new Float64Array(cap), head = 0, length = 0;
  let busy = 0, generated = 0, events = 0, totalWait = 0, now = 0;
  heap.push(-ia * Math.log(1 - arrivals()), -1);
  while (heap.size > 0) {
    heap.pop();
    now = heap.topTime;
    events++;
    if (heap.topPayload < 0) {
      generated++;
      if (generated < CUSTOMERS) heap.push(now - ia * Math.log(1 - arrivals()), -1);
      if (busy < C) {
        busy++;
        heap.push(now - MEAN_SERVICE * Math.log(1 - service()), now);
      } else {
        if (length === cap) {
          const t = new Float64Array(cap * 2);
          for (let k = 0; k < length; k++) t[k] = qTime[(head + k) % cap];
          qTime = t; head = 0; cap *= 2;
        }
        qTime[(head + length) % cap] = now;
        length++;
      }
    } else if (length > 0) {
      totalWait += now - qTime[head];
      head = (head + 1) % cap;
      length--;
      heap.push(now - MEAN_SERVICE * Math.log(1 - service()), now);
    } else busy--;
  }
  return { events, totalWait };
}

function holdKernel(seed) {
  const r = createStream(seed);
  const sim = new Simulation(HOLD_PENDING + 16);
  const hold = (_, s) => s.schedule(-Math.log(1 - r()), hold);
  for (let i = 0; i < HOLD_PENDING; i++) sim.schedule(-Math.log(1 - r()), hold);
  sim.run({ maxEvents: HOLD_EVENTS });
  return { events: sim.eventCount, now: sim.now };
}

function holdBare(seed) {
  const r = createStream(seed);
  const heap = new BareHeap(HOLD_PENDING + 16);
  for (let i = 0; i < HOLD_PENDING; i++) heap.push(-Math.log(1 - r()), 0);
  let now = 0;
  for (let n = 0; n < HOLD_EVENTS; n++) {
    heap.pop();
    now = heap.topTime;
    heap.push(now - Math.log(1 - r()), 0);
  }
  return { events: HOLD_EVENTS, now };
}

/** Best wall time (s) of `rounds` alternating runs of a and b; also checks both did the same work. */
function race(a, b, rounds = 5) {
  let ta = Infinity, tb = Infinity, ra, rb;
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    ra = a();
    ta = Math.min(ta, (performance.now() - t) / 1000);
    t = performance.now();
    rb = b();
    tb = Math.min(tb, (performance.now() - t) / 1000);
  }
  return { ta, tb, ra, rb };
}

export async function run() {
  const mmc = race(
    () => simulateMMc({ servers: C, arrivalsPerHour: PER_HOUR, meanServiceMinutes: MEAN_SERVICE, customers: CUSTOMERS, seed: 'bench' }),
    () => bareMMc('bench'),
  );
  if (mmc.ra.events !== mmc.rb.events || Math.abs(mmc.ra.meanWait * CUSTOMERS - mmc.rb.totalWait) > 1e-6 * mmc.rb.totalWait) {
    throw new Error('kernel and bare M/M/c did not do the same work');
  }
  const hold = race(() => holdKernel('hold'), () => holdBare('hold'));
  if (hold.ra.now !== hold.rb.now) throw new Error('kernel and bare hold model did not do the same work');
  const kernel = mmc.ra.events / mmc.ta;
  const bare = mmc.rb.events / mmc.tb;
  const holdK = HOLD_EVENTS / hold.ta;
  const holdB = HOLD_EVENTS / hold.tb;
  return {
    mmc_customers: CUSTOMERS,
    mmc_events: mmc.ra.events,
    mmc_mean_wait_min: mmc.ra.meanWait,
    kernel_seconds: mmc.ta,
    bare_loop_seconds: mmc.tb,
    kernel_events_per_s: Math.round(kernel),
    bare_loop_events_per_s: Math.round(bare),
    kernel_vs_bare: kernel / bare,
    hold_kernel_events_per_s: Math.round(holdK),
    hold_bare_events_per_s: Math.round(holdB),
    hold_kernel_vs_bare: holdK / holdB,
  };
}
