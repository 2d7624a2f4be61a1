/**
 * Snapshots: a core restored from a snapshot taken after entry k and given the entries after k is
 * in exactly the state of a core that replayed the whole journal, and every later decision is the
 * same — for random input sequences (fast-check) over a scenario whose policies remember (round-
 * robin, fairness-rotation), draw random numbers (random), overflow, page, escalate, stall and
 * follow shifts and rotations in virtual time. Then the service: a restart loads the latest
 * snapshot and replays at most the snapshot interval; a damaged snapshot falls back to the whole
 * journal with one warning.
 */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { liveConfig, originFor, type LiveConfig } from '../../src/serve/config.js';
import { LiveCore, type Archived, type CoreOptions, type IncidentView, type LiveEvent } from '../../src/serve/core.js';
import { ServeError, type Actor, type Input } from '../../src/serve/inputs.js';
import { Service } from '../../src/serve/service.js';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../../src/serve/snapshot.js';
import { MONDAY_10, tempDb } from './live.js';

const SCENARIO = 'test/serve/snapshot.yaml';
const START = Date.parse(MONDAY_10);
const DISPATCHER: Actor = { role: 'dispatcher', token: 'd1' };

function config(): LiveConfig {
  const { scenario } = loadScenario(SCENARIO);
  const origin = originFor(scenario, START);
  return liveConfig(scenario, origin, (START - origin) / 60000, SCENARIO);
}

interface Entry { at: number; actor: Actor; input: Input }

/** One step of a random session: an input (incidents named by the order they were opened in) after a pause. */
type Op =
  | { op: 'open'; team: number; priority: number; key: number | null; skill: number | null }
  | { op: 'resolve-key' | 'ack-key'; key: number }
  | { op: 'ack' | 'resolve' | 'release'; inc: number }
  | { op: 'reassign'; inc: number; team: number; engineer: number | null }
  | { op: 'presence'; engineer: number; presence: number; until: number | null }
  | { op: 'clock' };
type Step = { pause: number; op: Op };

const TEAMS = ['desk', 'network', 'database', 'leads'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];
const SKILLS = ['general', 'network', 'database'];
const ENGINEERS = ['ana', 'ben', 'cat', 'raj', 'kim', 'dba', 'dbb', 'lee', 'lou'];
const PRESENCE = ['away', 'vacation', 'on-shift', 'schedule', 'meeting'] as const;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('open' as const), team: fc.nat(3), priority: fc.nat(3), key: fc.option(fc.nat(12)), skill: fc.option(fc.nat(2)) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('resolve-key' as const, 'ack-key' as const), key: fc.nat(12) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constantFrom('ack' as const, 'resolve' as const, 'release' as const), inc: fc.nat(60) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reassign' as const), inc: fc.nat(60), team: fc.nat(3), engineer: fc.option(fc.nat(8)) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('presence' as const), engineer: fc.nat(8), presence: fc.nat(4), until: fc.option(fc.integer({ min: 1, max: 600 })) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clock' as const) }) },
);
/**
 * Minutes between inputs: mostly short (ack timeouts are 10 min), sometimes hours or days (stalls,
 * shifts, rotations, retention), rarely weeks (the presence timelines are extended 7 weeks in).
 */
const pauseArb = fc.oneof(
  { weight: 40, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 600 }) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 4 * 1440 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 * 10080 }) },
);
const stepsArb = (min: number, max: number) => fc.array(fc.record({ pause: pauseArb, op: opArb }), { minLength: min, maxLength: max });

/** The input of a step at instant `at`, when `opened` incidents were opened so far (named among them). */
function toInput(o: Op, at: number, opened: number): Input {
  const id = (n: number) => `INC-${String((n % Math.max(1, opened)) + 1).padStart(6, '0')}`;
  switch (o.op) {
    case 'open':
      return { kind: 'open', source: 'api', title: `t${o.team}${o.priority}`, team: TEAMS[o.team], priority: PRIORITIES[o.priority], by: 'request', ...(o.key !== null ? { key: `k${o.key}` } : {}), ...(o.skill !== null ? { skills: [SKILLS[o.skill]] } : {}) };
    case 'resolve-key':
    case 'ack-key':
      return { kind: o.op, source: 'pagerduty', key: `k${o.key}` };
    case 'ack':
    case 'resolve':
    case 'release':
      return { kind: o.op, incident: id(o.inc) };
    case 'reassign':
      return { kind: 'reassign', incident: id(o.inc), team: TEAMS[o.team], reason: 'by hand', ...(o.engineer !== null ? { engineer: ENGINEERS[o.engineer] } : {}) };
    case 'presence':
      return { kind: 'presence', engineer: ENGINEERS[o.engineer], presence: PRESENCE[o.presence], ...(o.until !== null && PRESENCE[o.presence] !== 'schedule' ? { untilMs: at + o.until * 60000 } : {}) };
    case 'clock':
      return { kind: 'clock', toMs: at };
  }
}

/** Runs the steps through a core as the service does (advance, check, apply); returns the journal it would hold. */
function journalOf(steps: readonly Step[], cfg: LiveConfig, options: CoreOptions): Entry[] {
  const core = new LiveCore(cfg, START, SCENARIO, options);
  const out: Entry[] = [];
  let at = START;
  for (const s of steps) {
    at += s.pause * 60000;
    core.advance(at);
    const input = toInput(s.op, at, core.counters.opened);
    try {
      if (core.check(input, DISPATCHER) === 'noop') continue;
    } catch (e) {
      if (e instanceof ServeError) continue;
      throw e;
    }
    core.apply(input, at, DISPATCHER);
    out.push({ at, actor: DISPATCHER, input });
  }
  return out;
}

/** Applies the entries; returns the events and what went to the database (audit entries, resolved incidents' views). */
function replay(core: LiveCore, entries: readonly Entry[]): { events: LiveEvent[]; archived: Archived[] } {
  const events: LiveEvent[] = [];
  const archived: Archived[] = [];
  for (const e of entries) {
    events.push(...core.apply(e.input, e.at, e.actor).events);
    archived.push(core.takeArchived());
  }
  return { events, archived };
}

/** Everything a user or a later decision can see of a core: its whole state and its views. */
function state(core: LiveCore): unknown {
  return JSON.parse(JSON.stringify({
    snapshot: JSON.parse(encodeSnapshot(0, core.snapshot()).text),
    incidents: core.incidents(), engineers: core.engineers(), teams: core.teams(), counters: core.counters, next: core.nextDueMs(),
  }));
}

/** The snapshot as stored: equal states give equal texts, byte for byte. JSON has no ±Infinity: the state must hold none. */
function text(core: LiveCore): string {
  JSON.stringify(core.snapshot(), (k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`snapshot field ${k}: ${v} would be written as null`);
    return v;
  });
  return encodeSnapshot(0, core.snapshot()).text;
}

/** The resolved incidents' views among what went to the database (what a restore reads back). */
const database = (archived: readonly Archived[]) => new Map(archived.flatMap((a) => a.incidents.map((v) => [v.id, v] as const)));

/** A core from the snapshot of `core` (through its stored text, as the service keeps it), reading resolved incidents' views from `db`. */
function restored(core: LiveCore, cfg: LiveConfig, options: CoreOptions, db = database([core.takeArchived()])): LiveCore {
  const views = new Map([...db].map(([id, v]) => [id, JSON.parse(JSON.stringify(v)) as IncidentView]));
  return new LiveCore(cfg, START, SCENARIO, options, decodeSnapshot(encodeSnapshot(1, core.snapshot())), (id) => views.get(id));
}

describe('snapshot + replay of the rest = replay of the whole journal', () => {
  const cfg = config();

  it('for random input sequences: the same state, and the same decisions afterwards (fast-check)', () => {
    fc.assert(
      fc.property(stepsArb(20, 160), fc.nat(), stepsArb(0, 60), fc.constantFrom(86400000, 7 * 86400000), (steps, cut, more, retainMs) => {
        const options = { retainMs };
        const journal = journalOf([...steps, ...more], cfg, options);
        const n = Math.min(journal.length, steps.length);
        const k = journal.length === 0 ? 0 : cut % (n + 1);
        const whole = new LiveCore(cfg, START, SCENARIO, options);
        const wholeEvents = replay(whole, journal.slice(0, k));
        const partial = new LiveCore(cfg, START, SCENARIO, options);
        const partEvents = replay(partial, journal.slice(0, k));
        expect(partEvents).toEqual(wholeEvents);
        const back = restored(partial, cfg, options, database(partEvents.archived));
        expect(state(back)).toEqual(state(partial));
        // the rest of the journal: the same events (decisions, pages, escalations), audit entries and state
        expect(replay(back, journal.slice(k))).toEqual(replay(whole, journal.slice(k)));
        expect(state(back)).toEqual(state(whole));
        // and the timers still to come fire alike
        const later = (journal.at(-1)?.at ?? START) + 10 * 86400000;
        expect(back.advance(later)).toEqual(whole.advance(later));
        expect(back.takeArchived()).toEqual(whole.takeArchived());
        expect(state(back)).toEqual(state(whole));
        expect(text(back)).toBe(text(whole));
      }),
      { numRuns: 50, seed: 21 },
    );
  });

  it('exactly: a paged incident restored mid-chain times out, escalates and notifies as if never restored', () => {
    const options = {};
    const open: Input = { kind: 'open', source: 'api', title: 'core switch down', team: 'network', priority: 'P1', by: 'request', key: 'sw1' };
    const whole = new LiveCore(cfg, START, SCENARIO, options);
    const first = whole.apply(open, START, DISPATCHER).events.map((e) => `${e.type} ${e.engineer ?? e.team}`);
    expect(first).toEqual(['incident.opened network', 'decision kim', 'page kim']);
    const back = restored(whole, cfg, options);
    const trace = (c: LiveCore) => c.advance(START + 3 * 3600000).map((e) => `${e.at.slice(11, 16)} ${e.type} ${e.engineer ?? e.team}`);
    const expected = [
      '10:10 ack-timeout kim', '10:10 escalated leads', '10:10 decision lee', '10:10 page lee',
      '10:20 ack-timeout lee', '10:20 chain-ended leads', '10:20 notified duty-manager',
      // released to the leads queue at the end of the chain: lou (fairness-rotation) takes it, no more paging
      '10:20 decision lou', '10:20 acknowledged lou',
      // the P1 notification timer set at opening, 30 min
      '10:30 notified duty-manager',
    ];
    expect(trace(back)).toEqual(expected);
    expect(trace(whole)).toEqual(expected);
    expect(state(back)).toEqual(state(whole));
  });

  it('the round-robin cursor, the fairness history and the random stream come back', () => {
    const options = {};
    const core = new LiveCore(cfg, START, SCENARIO, options);
    const opens = (n: number, team: string, priority: string) => Array.from({ length: n }, (_, i): Input => ({ kind: 'open', source: 'api', title: `${team} ${i}`, team, priority, by: 'request' }));
    let at = START;
    for (const input of [...opens(3, 'desk', 'P4'), ...opens(2, 'leads', 'P1')]) core.apply(input, (at += 60000), DISPATCHER);
    const s = core.snapshot();
    const desk = s.engine.teams.find((t) => t.id === 'desk')!;
    expect(desk.policy).toEqual({ last: 2 }); // ana, ben, cat in turn
    expect(s.engine.teams.find((t) => t.id === 'leads')!.policy).toMatchObject({ history: [['lee', [expect.any(Number)]], ['lou', [expect.any(Number)]]] });
    const back = restored(core, cfg, options);
    const next = (c: LiveCore) => c.apply({ kind: 'resolve', incident: 'INC-000001' }, at + 60000, DISPATCHER).events.concat(
      c.apply(opens(1, 'desk', 'P4')[0], at + 120000, DISPATCHER).events);
    expect(next(back)).toEqual(next(core));
    expect(state(back)).toEqual(state(core));
  });

  it('refuses a damaged or foreign snapshot with a reason', () => {
    const core = new LiveCore(cfg, START, SCENARIO, {});
    core.apply({ kind: 'open', source: 'api', title: 'x', team: 'desk', priority: 'P3', by: 'request' }, START, DISPATCHER);
    const s = encodeSnapshot(1, core.snapshot());
    expect(() => decodeSnapshot({ ...s, text: s.text.replace('"ana"', '"anb"') })).toThrow('checksum mismatch');
    expect(() => decodeSnapshot({ ...s, format: SNAPSHOT_FORMAT + 1 })).toThrow(`format ${SNAPSHOT_FORMAT + 1}, this version reads format ${SNAPSHOT_FORMAT}`);
    const other = config();
    const state = decodeSnapshot(s);
    state.engine.engineers = state.engine.engineers.slice(1);
    expect(() => new LiveCore(other, START, SCENARIO, {}, state)).toThrow(/engine snapshot: 8 engineers; the roster has 9/);
  });
});

describe('the service restarts from its latest snapshot', () => {
  const open = (i: number): Input => ({ kind: 'open', source: 'api', title: `alert ${i}`, team: TEAMS[i % 4], priority: PRIORITIES[i % 4], by: 'request', key: `k${i}` });

  async function fill(service: Service, from: number, to: number): Promise<void> {
    for (let i = from; i < to; i++) {
      await service.submit([i % 3 === 2 ? { kind: 'resolve-key', source: 'api', key: `k${i - 1}` } : open(i)], DISPATCHER);
    }
  }

  it('replays at most the snapshot interval after a crash, and reaches the state of a full replay', async () => {
    const db = tempDb();
    const a = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 25 });
    await fill(a, 0, 110);
    const size = a.journal.size;
    expect(a.snapshotsWritten).toBe(Math.floor(size / 25));
    const live = state(a.core);
    // a crash: no close, no snapshot at the end; the database file is what is on disk
    a.journal.db.close();
    const b = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 25 });
    expect(b.replay.snapshot).toBe(Math.floor(size / 25) * 25);
    expect(b.replay.entries).toBe(size - b.replay.snapshot);
    expect(b.replay.entries).toBeLessThanOrEqual(25);
    expect(b.replay.warning).toBeUndefined();
    expect(state(b.core)).toEqual(live);
    b.journal.db.close();
    // the same journal without any snapshot: the whole of it replayed, the same state
    const raw = new Database(db);
    raw.exec('DELETE FROM snapshot');
    raw.close();
    const c = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 25 });
    expect(c.replay).toMatchObject({ snapshot: 0, entries: size });
    expect(state(c.core)).toEqual(live);
    c.close();
  });

  it('a clean stop writes a snapshot: the next start replays nothing', async () => {
    const db = tempDb();
    const a = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 1000 });
    await fill(a, 0, 40);
    const live = state(a.core);
    a.close();
    const b = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0 });
    expect(b.replay).toMatchObject({ snapshot: a.journal.size, entries: 0 });
    expect(state(b.core)).toEqual(live);
    // and it carries on deciding as the first would have
    await fill(b, 40, 50);
    b.close();
    const raw = new Database(db);
    raw.exec('DELETE FROM snapshot');
    raw.close();
    const c = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0 });
    expect(c.replay.snapshot).toBe(0);
    expect(state(c.core)).toEqual(state(b.core));
    c.journal.db.close();
  });

  it('a snapshot the entries after it do not replay on (one incident missing): one warning, the whole journal replayed', async () => {
    const db = tempDb();
    const a = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 10 });
    await fill(a, 0, 10);
    await a.submit([{ kind: 'resolve', incident: 'INC-000001' }], DISPATCHER);
    const live = state(a.core);
    a.journal.db.close();
    // a well-formed snapshot (checksum recomputed) whose core lost INC-000001, which entry 11 resolves
    const raw = new Database(db);
    const row = raw.prepare('SELECT seq, state FROM snapshot').get() as { seq: number; state: string };
    expect(row.seq).toBe(10);
    const snap = JSON.parse(row.state);
    snap.incidents = snap.incidents.filter((i: { id: string }) => i.id !== 'INC-000001');
    snap.keys = snap.keys.filter(([, id]: [string, string]) => id !== 'INC-000001');
    const s = encodeSnapshot(10, snap);
    raw.prepare('UPDATE snapshot SET state = ?, sha256 = ?').run(s.text, s.sha256);
    raw.close();
    const b = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 10 });
    expect(b.replay.warning).toMatch(/^snapshot at entry 10 not used \(journal entry 11 \(resolve\) does not replay: .*\); replaying the whole journal$/);
    expect(b.replay).toMatchObject({ snapshot: 0, entries: 11 });
    expect(state(b.core)).toEqual(live);
    b.journal.db.close();
  });

  it('a damaged snapshot: one warning, the whole journal replayed, the same state', async () => {
    const db = tempDb();
    const a = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 10 });
    await fill(a, 0, 30);
    const live = state(a.core);
    a.journal.db.close();
    const raw = new Database(db);
    raw.prepare("UPDATE snapshot SET state = substr(state, 1, length(state) - 40) || 'garbage'").run();
    const seq = (raw.prepare('SELECT seq FROM snapshot').get() as { seq: number }).seq;
    raw.close();
    const b = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 10 });
    expect(b.replay.warning).toBe(`snapshot at entry ${seq} not used (checksum mismatch (the stored text is damaged)); replaying the whole journal`);
    expect(b.replay).toMatchObject({ snapshot: 0, entries: a.journal.size });
    expect(state(b.core)).toEqual(live);
    // and it writes a good one at once, so the next start is quick again
    b.journal.flush();
    expect(b.journal.latestSnapshot()?.seq).toBe(a.journal.size);
    b.journal.db.close();
    const c = new Service({ scenario: SCENARIO, db, clock: MONDAY_10, rate: 0, snapshotEvery: 10 });
    expect(c.replay).toEqual({ snapshot: a.journal.size, entries: 0, ms: expect.any(Number) });
    expect(state(c.core)).toEqual(live);
    c.journal.db.close();
  });
});
