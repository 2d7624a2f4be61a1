/**
 * The live service without its HTTP face: the core (state machine), the journal, the clock and
 * the timers. Opening it loads the latest snapshot and replays the journal entries after it
 * (rebuilding the exact state: the core is deterministic; a snapshot that cannot be read is
 * reported in one line and the whole journal is replayed), then fires the timers that fell due
 * while it was down. A snapshot is written every `snapshotEvery` journal entries and on a clean
 * close, so a restart replays at most that many entries. `submit` is the one way
 * in: advance the timers to now, check the input (a ServeError changes nothing), apply it, and
 * resolve once its journal entry is committed — only then do its events go out (event stream,
 * webhook outbox).
 */
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import { ServiceClock } from './clock.js';
import { liveConfig, originFor, type LiveConfig } from './config.js';
import { DEFAULT_RETAIN_MS, LiveCore, type LiveEvent } from './core.js';
import { ServeError, type Actor, type Input } from './inputs.js';
import { Journal, scenarioHash } from './journal.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';

/** The default snapshot interval: a snapshot every this many journal entries. */
export const DEFAULT_SNAPSHOT_EVERY = 10_000;

export interface ServiceOptions {
  scenario: string;
  db: string;
  /** see ServiceClock */
  clock?: string;
  rate?: number;
  /** a snapshot every this many journal entries (default DEFAULT_SNAPSHOT_EVERY; 0: only on a clean close) */
  snapshotEvery?: number;
  /** resolved incidents and audit entries older than this (ms of service clock) leave memory (default 7 days) */
  retainMs?: number;
}

/** How the last start went. */
export interface ReplayReport {
  /** the journal position of the snapshot loaded (0: none) */
  snapshot: number;
  /** entries replayed after it */
  entries: number;
  /** milliseconds the restore and the replay took */
  ms: number;
  /** why a snapshot could not be used (the whole journal was replayed instead) */
  warning?: string;
}

export type Listener = (events: readonly LiveEvent[]) => void;

export class Service {
  readonly journal: Journal;
  readonly clock: ServiceClock;
  readonly core: LiveCore;
  readonly salt: string;
  /** how the last start went: snapshot loaded, entries replayed and milliseconds it took */
  readonly replay: ReplayReport;
  readonly snapshotEvery: number;
  /** the journal position of the latest snapshot written or loaded */
  snapshotSeq = 0;
  /** snapshots written by this process (for /metrics and tests) */
  snapshotsWritten = 0;
  private readonly listeners = new Set<Listener>();
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private closed = false;
  /** recent events, for event-stream clients reconnecting with Last-Event-ID */
  readonly recent: LiveEvent[] = [];
  onDeliveries?: () => void;

  constructor(opts: ServiceOptions) {
    const { scenario, source } = loadScenario(opts.scenario);
    this.clock = new ServiceClock(opts.clock, opts.rate ?? 1);
    this.journal = new Journal(opts.db);
    const hash = scenarioHash(source);
    const known = this.journal.meta('scenario_hash');
    let originMs: number;
    let startMs: number;
    if (known === undefined) {
      startMs = this.clock.now();
      originMs = originFor(scenario, startMs);
      this.journal.putMeta('scenario_hash', hash);
      this.journal.putMeta('origin_ms', String(originMs));
      this.journal.putMeta('start_ms', String(startMs));
      this.journal.putMeta('salt', randomBytes(12).toString('hex'));
    } else {
      if (known !== hash) {
        this.journal.db.close();
        throw new UserError(`--db: ${opts.db} holds the journal of another scenario (hash ${known}, ${opts.scenario} is ${hash}); serve it with the scenario it was made with, or start a new --db`);
      }
      originMs = Number(this.journal.meta('origin_ms'));
      startMs = Number(this.journal.meta('start_ms'));
    }
    this.salt = this.journal.meta('salt')!;
    const cfg: LiveConfig = liveConfig(scenario, originMs, (startMs - originMs) / 60000, opts.scenario);
    this.snapshotEvery = opts.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
    const coreOptions = { retainMs: opts.retainMs ?? DEFAULT_RETAIN_MS };

    // Restore: the latest snapshot, then the entries after it (the same inputs at the same
    // instants give the same state).
    const t0 = performance.now();
    const stored = this.journal.latestSnapshot();
    let core: LiveCore | undefined;
    let warning: string | undefined;
    let lastAt = startMs;
    if (stored !== undefined) {
      try {
        if (stored.seq > this.journal.size) throw new Error(`it stands for entry ${stored.seq} but the journal ends at ${this.journal.size}`);
        core = new LiveCore(cfg, startMs, opts.scenario, coreOptions, decodeSnapshot(stored), (id) => this.journal.resolvedIncident(id));
        this.snapshotSeq = stored.seq;
        lastAt = Math.max(startMs, Math.floor(core.nowMs));
      } catch (e) {
        warning = `snapshot at entry ${stored.seq} not used (${(e as Error).message.split('\n')[0]}); replaying the whole journal`;
        core = undefined;
      }
    }
    const delivered = Number(this.journal.meta('event_seq') ?? '0');
    const replay = (c: LiveCore, after: number): { entries: number; lastAt: number } => {
      let n = 0;
      let last = startMs;
      for (const row of this.journal.rows(after)) {
        try {
          c.apply(row.input, row.at, row.actor);
        } catch (e) {
          throw new Error(`journal entry ${row.seq} (${row.input.kind}) does not replay: ${(e as Error).message}`);
        }
        last = row.at;
        n++;
      }
      return { entries: n, lastAt: last };
    };
    let entries = 0;
    if (core !== undefined) {
      try {
        const r = replay(core, this.snapshotSeq);
        entries = r.entries;
        if (r.entries > 0) lastAt = Math.max(lastAt, r.lastAt);
      } catch (e) {
        // the journal replays from the start (below); if it does not either, that error is the one to see
        warning = `snapshot at entry ${this.snapshotSeq} not used (${(e as Error).message.split('\n')[0]}); replaying the whole journal`;
        core = undefined;
        this.snapshotSeq = 0;
      }
    }
    if (core === undefined) {
      core = new LiveCore(cfg, startMs, opts.scenario, coreOptions);
      const r = replay(core, 0);
      entries = r.entries;
      lastAt = r.lastAt;
    }
    this.core = core;
    this.replay = { snapshot: this.snapshotSeq, entries, ms: performance.now() - t0, ...(warning !== undefined ? { warning } : {}) };
    this.archive();
    // a start that could not use its snapshot, or replayed a whole interval, writes one at once
    if (warning !== undefined || (this.snapshotEvery > 0 && entries >= this.snapshotEvery)) void this.snapshot().catch(() => {});
    this.clock.notBefore(Math.max(lastAt, Math.ceil(this.core.nowMs)));
    // Timers that fell due while the service was down fire now; their events go out.
    const events = this.core.advance(this.clock.now()).filter((e) => e.seq > delivered);
    this.publishTimerEvents(events);
    this.arm();
  }

  get cfg(): LiveConfig {
    return this.core.cfg;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Applies inputs from one request, in order, and resolves after their journal entries are
   * committed with their results. Every 'open' is checked before anything is applied, so a
   * request with a bad one changes nothing. Inputs that would change nothing are answered
   * without being journaled ({ action: 'none' }).
   */
  async submit(inputs: readonly Input[], actor: Actor): Promise<Record<string, unknown>[]> {
    if (this.closed) throw new ServeError(503, 'the service is shutting down');
    try {
      return await this.apply(inputs, actor);
    } catch (e) {
      // a refusal is journaled for the audit trail (and committed) before it is answered
      if (e instanceof ServeError && e.status === 403) {
        const what = (e.input ?? {}) as { kind?: string; incident?: string; engineer?: string };
        await this.deny(actor, what.kind ?? 'request', e.message, what.incident, what.engineer);
      }
      throw e;
    }
  }

  private async apply(inputs: readonly Input[], actor: Actor): Promise<Record<string, unknown>[]> {
    const at = this.clock.now();
    this.publishTimerEvents(this.core.advance(at));
    for (const input of inputs) if (input.kind === 'open') this.checked(input, actor);
    const results: Record<string, unknown>[] = [];
    const commits: Promise<number>[] = [];
    const events: LiveEvent[] = [];
    for (const input of inputs) {
      if (this.checked(input, actor) === 'noop') {
        results.push({ action: 'none' });
        continue;
      }
      const r = this.core.apply(input, at, actor);
      results.push(r.result);
      events.push(...r.events);
      commits.push(this.journal.append({ at, actor, input }, r.events, this.deliveries(r.events)));
    }
    this.clock.notBefore(at);
    this.archive();
    this.maybeSnapshot();
    if (commits.length > 0) {
      await Promise.all(commits);
      this.publish(events);
    }
    this.arm();
    return results;
  }

  /** core.check; a refusal carries the input it refused (for the audit entry). */
  private checked(input: Input, actor: Actor): 'noop' | undefined {
    try {
      return this.core.check(input, actor);
    } catch (e) {
      if (e instanceof ServeError) e.input = input;
      throw e;
    }
  }

  /** Journals a refused attempt (audit only; no state change). */
  async deny(actor: Actor, action: string, reason: string, incident?: string, engineer?: string): Promise<void> {
    const input: Input = { kind: 'denied', action, reason, ...(incident !== undefined ? { incident } : {}), ...(engineer !== undefined ? { engineer } : {}) };
    const at = this.clock.now();
    this.publishTimerEvents(this.core.advance(at));
    this.core.apply(input, at, actor);
    const done = this.journal.append({ at, actor, input }, [], []);
    this.archive();
    this.maybeSnapshot();
    await done;
  }

  /** Queues what left memory (retention) for the database. */
  private archive(): void {
    const a = this.core.takeArchived();
    if (a.incidents.length > 0 || a.audit.length > 0) void this.journal.appendArchived(a).catch(() => {});
  }

  /** Writes a snapshot when `snapshotEvery` entries were journaled since the last one. */
  private maybeSnapshot(): void {
    if (this.snapshotEvery > 0 && this.journal.size - this.snapshotSeq >= this.snapshotEvery) this.snapshot();
  }

  /**
   * Queues a snapshot of the state now, standing for every entry journaled so far (committed in
   * order with them: never on disk before the entries it includes).
   */
  snapshot(): Promise<number> {
    const seq = this.journal.size;
    const s = encodeSnapshot(seq, this.core.snapshot());
    this.snapshotSeq = seq;
    this.snapshotsWritten++;
    return this.journal.appendSnapshot(s);
  }

  /** Moves a virtual clock (journaled, so a restart keeps the time). */
  async moveClock(toMs: number, actor: Actor): Promise<Record<string, unknown>> {
    if (!this.clock.virtual) throw new ServeError(409, 'the clock is the real one; start the service with --clock to move it');
    const [r] = await this.submit([{ kind: 'clock', toMs: Math.floor(toMs) }], actor);
    this.clock.moveTo(toMs);
    this.arm();
    return r;
  }

  private deliveries(events: readonly LiveEvent[]): { event: number; url: string; body: string }[] {
    const hooks = this.cfg.webhooks;
    if (hooks.length === 0) return [];
    const out: { event: number; url: string; body: string }[] = [];
    for (const e of events) {
      const body = JSON.stringify(e);
      for (const h of hooks) if (!h.events || h.events.has(e.type)) out.push({ event: e.seq, url: h.url, body });
    }
    return out;
  }

  private publishTimerEvents(events: LiveEvent[]): void {
    this.archive();
    if (events.length === 0) return;
    void this.journal.append(undefined, events, this.deliveries(events)).then(() => this.publish(events), () => {});
  }

  private publish(events: readonly LiveEvent[]): void {
    if (events.length === 0) return;
    for (const e of events) this.recent.push(e);
    if (this.recent.length > 2000) this.recent.splice(0, this.recent.length - 1000);
    for (const l of this.listeners) l(events);
    if (this.cfg.webhooks.length > 0) this.onDeliveries?.();
  }

  /** Sets the one real timer for the next due service timer. */
  private arm(): void {
    if (this.closed) return;
    const due = this.core.nextDueMs();
    if (due === undefined) return;
    const delay = Math.min(this.clock.realDelay(due), 60000);
    if (!Number.isFinite(delay)) return;
    const at = Date.now() + delay;
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.publishTimerEvents(this.core.advance(this.clock.now()));
      this.arm();
    }, Math.max(0, Math.ceil(delay)));
  }

  /** Stops the timers and closes the database, writing a snapshot first when entries came since the last one. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.archive();
    if (this.journal.size > this.snapshotSeq) void this.snapshot().catch(() => {});
    this.journal.close();
  }
}
