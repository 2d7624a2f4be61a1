/**
 * The service's durable store (SQLite through better-sqlite3, WAL, synchronous FULL):
 * - `journal`: every accepted input, append-only, with its instant and actor. State is rebuilt by
 *   replaying it in `seq` order.
 * - `outbox`: outgoing webhook deliveries not yet acknowledged by their receiver.
 * - `tokens`: bearer tokens, stored as SHA-256 hashes with their role.
 * - `meta`: the scenario's hash, the origin and start instants, the last event number handed to
 *   the outbox (events up to it are not delivered again after a replay), a pseudonym salt.
 * - `snapshot`: the latest snapshot of the service's state and the journal position it stands
 *   for (src/serve/snapshot.ts); a start replays only the entries after it.
 * - `audit`: the audit trail (who changed what, when and why), and `resolved`: the final view of
 *   each resolved incident (what the views read once it has left memory); both derived from the
 *   journal and written in the commit of the input that made them, idempotently (a replay makes
 *   the same rows again).
 *
 * Writes are group-committed: `append` queues an entry and resolves once the transaction holding
 * it is on disk; entries queued while a commit runs go into the next one, in order. So a request
 * is answered (2xx) only after its entry is committed, and the commits keep the journal's order.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UserError } from '../errors.js';
import type { Actor, Input, Role } from './inputs.js';
import type { Archived, AuditEntry, IncidentView, LiveEvent } from './core.js';
import type { StoredSnapshot } from './snapshot.js';

export interface JournalRow {
  seq: number;
  at: number;
  actor: Actor;
  input: Input;
}

interface Pending {
  seq?: number;
  at?: number;
  actor?: string;
  input?: string;
  deliveries: { event: number; url: string; body: string }[];
  lastEvent: number;
  snapshot?: StoredSnapshot;
  archived?: Archived;
  /** an outbox row delivered (or given up): deleted */
  outboxDone?: number;
  /** an outbox row to retry later */
  outboxRetry?: { id: number; nextAt: number; error: string };
  done?: () => void;
  fail?: (e: Error) => void;
}

export interface TokenRow {
  id: string;
  role: Role;
  engineer?: string;
  label?: string;
}

export class Journal {
  readonly db: Database.Database;
  private lastSeq: number;
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly insert: Database.Statement;
  private readonly insertOutbox: Database.Statement;
  private readonly setMeta: Database.Statement;
  private readonly getToken: Database.Statement;
  private readonly tokenCache = new Map<string, TokenRow & { hash: Buffer }>();
  /** commits made, entries written and milliseconds the commits took, fsync included (for the bench and /metrics) */
  commits = 0;
  entries = 0;
  commitMs = 0;

  constructor(readonly file: string) {
    try {
      this.db = new Database(file);
    } catch (e) {
      throw new UserError(`--db: ${file}: cannot open the database (${(e as Error).message})`);
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor TEXT NOT NULL, input TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, event INTEGER NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL DEFAULT 0, last_error TEXT);
      CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL, role TEXT NOT NULL, engineer TEXT, label TEXT, created TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS snapshot (seq INTEGER PRIMARY KEY, format INTEGER NOT NULL, sha256 TEXT NOT NULL, state TEXT NOT NULL, created INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS resolved (id TEXT PRIMARY KEY, resolved_at INTEGER NOT NULL, view TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS audit (n INTEGER PRIMARY KEY, at INTEGER NOT NULL, incident TEXT, engineer TEXT, entry TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
      CREATE INDEX IF NOT EXISTS audit_incident ON audit (incident);
      CREATE INDEX IF NOT EXISTS audit_engineer ON audit (engineer);
    `);
    this.lastSeq = (this.db.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number | null }).m ?? 0;
    this.insert = this.db.prepare('INSERT INTO journal (seq, at, actor, input) VALUES (?, ?, ?, ?)');
    this.insertOutbox = this.db.prepare('INSERT INTO outbox (event, url, body) VALUES (?, ?, ?)');
    this.setMeta = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.getToken = this.db.prepare('SELECT id, hash, role, engineer, label FROM tokens WHERE id = ?');
    this.insertSnapshot = this.db.prepare('INSERT OR REPLACE INTO snapshot (seq, format, sha256, state, created) VALUES (?, ?, ?, ?, ?)');
    this.dropSnapshots = this.db.prepare('DELETE FROM snapshot WHERE seq < ?');
    this.insertArchived = this.db.prepare('INSERT OR IGNORE INTO resolved (id, resolved_at, view) VALUES (?, ?, ?)');
    this.insertArchivedAudit = this.db.prepare('INSERT OR IGNORE INTO audit (n, at, incident, engineer, entry) VALUES (?, ?, ?, ?, ?)');
    this.deleteOutbox = this.db.prepare('DELETE FROM outbox WHERE id = ?');
    this.retryOutbox = this.db.prepare('UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?');
  }

  private getResolved?: Database.Statement;
  private readonly insertSnapshot: Database.Statement;
  private readonly dropSnapshots: Database.Statement;
  private readonly insertArchived: Database.Statement;
  private readonly insertArchivedAudit: Database.Statement;
  private readonly deleteOutbox: Database.Statement;
  private readonly retryOutbox: Database.Statement;

  /** The latest snapshot, if any (its text unchecked: see decodeSnapshot). */
  latestSnapshot(): StoredSnapshot | undefined {
    const r = this.db.prepare('SELECT seq, format, sha256, state FROM snapshot ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; format: number; sha256: string; state: string } | undefined;
    return r && { seq: r.seq, format: r.format, sha256: r.sha256, text: r.state };
  }

  /**
   * Queues a snapshot for the next commit (in order with the entries before it; older snapshots
   * are deleted in the same transaction). Resolves once it is on disk.
   */
  appendSnapshot(s: StoredSnapshot): Promise<number> {
    return this.enqueue({ deliveries: [], lastEvent: 0, snapshot: s }, 0);
  }

  /** Queues audit entries and resolved incidents' views for the next commit (idempotent: a replay writes the same rows). */
  appendArchived(a: Archived): Promise<number> {
    return this.enqueue({ deliveries: [], lastEvent: 0, archived: a }, 0);
  }

  /** A resolved incident's final view. */
  resolvedIncident(id: string): IncidentView | undefined {
    const r = (this.getResolved ??= this.db.prepare('SELECT view FROM resolved WHERE id = ?')).get(id) as { view: string } | undefined;
    if (r) return JSON.parse(r.view) as IncidentView;
    for (const p of this.pending) {
      const v = p.archived?.incidents.find((x) => x.id === id);
      if (v) return v;
    }
    return undefined;
  }

  /** The audit trail (committed entries), oldest first, filtered. */
  audit(filter: { sinceMs?: number; incident?: string; engineer?: string; limit: number }): AuditEntry[] {
    const where = ['1'];
    const args: (string | number)[] = [];
    if (filter.sinceMs !== undefined) { where.push('at >= ?'); args.push(filter.sinceMs); }
    if (filter.incident !== undefined) { where.push('incident = ?'); args.push(filter.incident); }
    if (filter.engineer !== undefined) { where.push('engineer = ?'); args.push(filter.engineer); }
    const rows = this.db.prepare(`SELECT entry FROM audit WHERE ${where.join(' AND ')} ORDER BY n LIMIT ?`).all(...args, filter.limit) as { entry: string }[];
    return rows.map((r) => JSON.parse(r.entry) as AuditEntry);
  }

  /** Queues the deletion of a delivered (or given up) outbox row for the next commit; resolves once committed. */
  outboxDelivered(id: number): Promise<number> {
    return this.enqueue({ deliveries: [], lastEvent: 0, outboxDone: id }, 0);
  }

  /** Queues a later retry of an outbox row for the next commit; resolves once committed. */
  outboxRetry(id: number, nextAt: number, error: string): Promise<number> {
    return this.enqueue({ deliveries: [], lastEvent: 0, outboxRetry: { id, nextAt, error } }, 0);
  }

  private enqueue(p: Pending, result: number): Promise<number> {
    return new Promise((resolve, reject) => {
      p.done = () => resolve(result);
      p.fail = reject;
      this.pending.push(p);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  meta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  putMeta(key: string, value: string): void {
    this.setMeta.run(key, value);
  }

  /** Every journaled entry after position `after`, in order. */
  *rows(after = 0): Generator<JournalRow> {
    for (const r of this.db.prepare('SELECT seq, at, actor, input FROM journal WHERE seq > ? ORDER BY seq').iterate(after) as Iterable<{ seq: number; at: number; actor: string; input: string }>) {
      yield { seq: r.seq, at: r.at, actor: JSON.parse(r.actor) as Actor, input: JSON.parse(r.input) as Input };
    }
  }

  get size(): number {
    return this.lastSeq;
  }

  /**
   * Queues an input with the events it produced and their webhook deliveries; resolves with its
   * seq once committed. Without `input`, only the events' deliveries (timers) are written.
   */
  append(entry: { at: number; actor: Actor; input: Input } | undefined, events: readonly LiveEvent[], deliveries: { event: number; url: string; body: string }[]): Promise<number> {
    return new Promise((resolve, reject) => {
      const p: Pending = { deliveries, lastEvent: events.length > 0 ? events[events.length - 1].seq : 0 };
      if (entry) {
        const seq = ++this.lastSeq;
        Object.assign(p, { seq, at: entry.at, actor: JSON.stringify(entry.actor), input: JSON.stringify(entry.input) });
        p.done = () => resolve(seq);
      } else p.done = () => resolve(0);
      p.fail = reject;
      this.pending.push(p);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Commits every queued entry in one transaction (fsync'd: synchronous FULL). */
  readonly flush = (): void => {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      let last = 0;
      const t0 = performance.now();
      this.db.transaction(() => {
        for (const p of batch) {
          if (p.seq !== undefined) this.insert.run(p.seq, p.at, p.actor, p.input);
          for (const d of p.deliveries) this.insertOutbox.run(d.event, d.url, d.body);
          if (p.archived) {
            for (const v of p.archived.incidents) this.insertArchived.run(v.id, Date.parse(v.resolvedAt!), JSON.stringify(v));
            for (const { n, entry } of p.archived.audit) this.insertArchivedAudit.run(n, entry.atMs, entry.incident ?? null, entry.engineer ?? null, JSON.stringify(entry));
          }
          if (p.snapshot) {
            this.insertSnapshot.run(p.snapshot.seq, p.snapshot.format, p.snapshot.sha256, p.snapshot.text, Date.now());
            this.dropSnapshots.run(p.snapshot.seq);
          }
          if (p.outboxDone !== undefined) this.deleteOutbox.run(p.outboxDone);
          if (p.outboxRetry) this.retryOutbox.run(p.outboxRetry.nextAt, p.outboxRetry.error, p.outboxRetry.id);
          if (p.lastEvent > last) last = p.lastEvent;
        }
        if (last > 0) this.setMeta.run('event_seq', String(last));
      })();
      this.commitMs += performance.now() - t0;
      this.commits++;
      for (const p of batch) if (p.seq !== undefined) this.entries++;
    } catch (e) {
      for (const p of batch) p.fail!(e as Error);
      return;
    }
    for (const p of batch) p.done!();
  };

  // ---- tokens -------------------------------------------------------------------------------

  /** Creates a token; returns its text (shown once: only its hash is stored). */
  createToken(role: Role, engineer?: string, label?: string): string {
    const id = randomBytes(4).toString('hex');
    const token = `isk_${id}_${randomBytes(24).toString('base64url')}`;
    this.db.prepare('INSERT INTO tokens (id, hash, role, engineer, label, created) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, hashToken(token), role, engineer ?? null, label ?? null, new Date().toISOString());
    return token;
  }

  /** The token's row when `token` is a valid token, else undefined (constant-time hash compare). */
  verify(token: string): TokenRow | undefined {
    const m = /^isk_([0-9a-f]{8})_[A-Za-z0-9_-]{20,}$/.exec(token);
    if (!m) return undefined;
    let row = this.tokenCache.get(m[1]);
    if (!row) {
      const r = this.getToken.get(m[1]) as { id: string; hash: string; role: Role; engineer: string | null; label: string | null } | undefined;
      if (!r) return undefined;
      row = { id: r.id, role: r.role, engineer: r.engineer ?? undefined, label: r.label ?? undefined, hash: Buffer.from(r.hash, 'hex') };
      this.tokenCache.set(r.id, row);
    }
    const h = Buffer.from(hashToken(token), 'hex');
    if (h.length !== row.hash.length || !timingSafeEqual(h, row.hash)) return undefined;
    return { id: row.id, role: row.role, engineer: row.engineer, label: row.label };
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A stable hash of the scenario text, to refuse a database made for another configuration. */
export function scenarioHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
