import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NO_EVENT, Simulation } from '../../src/kernel/simulation.js';

describe('Simulation', () => {
  it('runs events in time order and advances the clock', () => {
    const sim = new Simulation();
    const trace: string[] = [];
    const log = (name: string, s: Simulation) => trace.push(`${s.now}:${name}`);
    sim.schedule(5, log, 'b');
    sim.schedule(1, log, 'a');
    sim.schedule(9, log, 'c');
    expect(sim.run()).toBe(3);
    expect(trace).toEqual(['1:a', '5:b', '9:c']);
    expect(sim.now).toBe(9);
  });

  it('orders same-time events by priority (lower first), then by scheduling order', () => {
    const sim = new Simulation();
    const trace: string[] = [];
    const log = (name: string) => trace.push(name);
    sim.schedule(2, log, 'p0-first', 0);
    sim.schedule(2, log, 'p1', 1);
    sim.schedule(2, log, 'p0-second', 0);
    sim.schedule(2, log, 'p-1', -1);
    sim.schedule(2, log, 'p0-third', 0);
    sim.run();
    expect(trace).toEqual(['p-1', 'p0-first', 'p0-second', 'p0-third', 'p1']);
  });

  it('cancels pending events and ignores stale ids', () => {
    const sim = new Simulation();
    const trace: string[] = [];
    const log = (name: string) => trace.push(name);
    const a = sim.schedule(1, log, 'a');
    sim.schedule(2, log, 'b');
    expect(sim.cancel(a)).toBe(true);
    expect(sim.cancel(a)).toBe(false);
    sim.run();
    expect(trace).toEqual(['b']);
    expect(sim.cancel(a)).toBe(false);
  });

  it('stops at `until` and sets the clock there; later events stay pending', () => {
    const sim = new Simulation();
    const trace: number[] = [];
    for (const t of [1, 3, 10]) sim.schedule(t, (x: number) => trace.push(x), t);
    sim.run({ until: 5 });
    expect(trace).toEqual([1, 3]);
    expect(sim.now).toBe(5);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(trace).toEqual([1, 3, 10]);
  });

  it('lets handlers schedule further events, including at the current time', () => {
    const sim = new Simulation();
    const trace: string[] = [];
    sim.schedule(1, () => {
      trace.push('outer');
      sim.schedule(0, () => trace.push('same-time'));
      sim.schedule(1, () => trace.push('later'));
    });
    sim.run();
    expect(trace).toEqual(['outer', 'same-time', 'later']);
    expect(sim.now).toBe(2);
  });

  it('tells a handler the id of the event it runs (current), NO_EVENT outside handlers', () => {
    const sim = new Simulation();
    const seen: [number, number][] = [];
    const obj = { last: NO_EVENT };
    const h = (o: typeof obj, s: Simulation) => seen.push([s.current, o.last]);
    const a = sim.schedule(1, h, obj);
    obj.last = sim.schedule(2, h, obj); // the same data scheduled twice: only the latest is current
    expect(sim.current).toBe(NO_EVENT);
    sim.run();
    expect(seen).toEqual([[a, obj.last], [obj.last, obj.last]]);
    expect(a).not.toBe(obj.last);
    expect(sim.current).toBe(NO_EVENT);
  });

  it('gives no event the id NO_EVENT: cancelling it is a no-op, before, during and after a run', () => {
    const sim = new Simulation(4);
    const ids: number[] = [];
    let ran = 0;
    for (let i = 0; i < 10; i++) ids.push(sim.schedule(i, () => { ran++; expect(sim.cancel(NO_EVENT)).toBe(false); }));
    expect(ids).not.toContain(NO_EVENT);
    expect(sim.cancel(NO_EVENT)).toBe(false);
    expect(sim.pending).toBe(10);
    sim.run();
    expect(ran).toBe(10);
    expect(sim.cancel(NO_EVENT)).toBe(false);
  });

  it('rejects negative delays, and times before now', () => {
    const sim = new Simulation();
    expect(() => sim.schedule(-1, () => {})).toThrow(/delay/);
    expect(() => sim.post(-1, () => {})).toThrow(/delay/);
    sim.schedule(5, () => {});
    sim.run();
    expect(() => sim.postAt(4, () => {})).toThrow(/before now/);
  });

  it('post and postAt schedule like schedule and scheduleAt (same order, same slots reused), without an id', () => {
    const sim = new Simulation(16);
    const trace: string[] = [];
    const log = (name: string, s: Simulation) => trace.push(`${s.now}:${name}`);
    expect(sim.post(2, log, 'post-2')).toBeUndefined();
    sim.schedule(2, log, 'schedule-2');
    expect(sim.postAt(1, log, 'postAt-1', 1)).toBeUndefined();
    sim.scheduleAt(1, log, 'scheduleAt-1', 0);
    const gone = sim.schedule(3, log, 'cancelled');
    sim.post(3, log, 'post-3');
    sim.cancel(gone);
    sim.run();
    expect(trace).toEqual(['1:scheduleAt-1', '1:postAt-1', '2:post-2', '2:schedule-2', '3:post-3']);
  });

  it('property: any mix of schedules and cancels runs exactly the survivors, sorted by (time, priority, order)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ t: fc.integer({ min: 0, max: 20 }), p: fc.integer({ min: -2, max: 2 }), cancel: fc.boolean() }), { maxLength: 3000 }),
        (ops) => {
          const sim = new Simulation(16); // small, so growth is exercised
          const ran: number[] = [];
          // every third event posted (no id, never cancelled): the same order as scheduled ones
          const ids = ops.map((o, i) => (i % 3 === 2 ? (sim.post(o.t, (k: number) => ran.push(k), i, o.p), -1) : sim.schedule(o.t, (k: number) => ran.push(k), i, o.p)));
          ops.forEach((o, i) => { if (i % 3 === 2) o.cancel = false; });
          ops.forEach((o, i) => { if (o.cancel) sim.cancel(ids[i]); });
          sim.run();
          const expected = ops
            .map((o, i) => ({ ...o, i }))
            .filter((o) => !o.cancel)
            .sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i)
            .map((o) => o.i);
          expect(ran).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
