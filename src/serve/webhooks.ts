/**
 * Delivers the outbox: each row is one event for one URL, POSTed as JSON with an
 * `Idempotency-Key` (the same on every retry of that event: "<service salt>-<event seq>") and
 * `X-Incisim-Event` headers. A 2xx answer deletes the row; anything else (or no answer within
 * 10 s) retries with exponential backoff — 1 s, 2 s, 4 s … capped at 10 min — and after
 * `maxAttempts` the row is dropped with a line on stderr. The outbox is in the database, so
 * deliveries survive a restart.
 */
import type { Journal } from './journal.js';

export interface DeliveryOptions {
  maxAttempts?: number;
  /** first retry delay, ms (doubles each attempt) */
  backoffMs?: number;
  log?: (line: string) => void;
}

interface Row {
  id: number;
  event: number;
  url: string;
  body: string;
  attempts: number;
}

export class Deliveries {
  private readonly inFlight = new Set<number>();
  private poll?: NodeJS.Timeout;
  private running = false;
  private stopped = false;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly log: (line: string) => void;
  delivered = 0;
  failures = 0;

  constructor(private readonly journal: Journal, private readonly salt: string, opts: DeliveryOptions = {}) {
    this.maxAttempts = opts.maxAttempts ?? 12;
    this.backoffMs = opts.backoffMs ?? 1000;
    this.log = opts.log ?? ((l) => process.stderr.write(`${l}\n`));
    this.poll = setInterval(() => this.kick(), Math.min(1000, this.backoffMs));
    this.poll.unref();
  }

  /** Sends whatever is due now (called after each commit that queued deliveries). */
  kick(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const rows = this.journal.db.prepare('SELECT id, event, url, body, attempts FROM outbox WHERE next_at <= ? ORDER BY id LIMIT 64').all(Date.now()) as Row[];
      for (const r of rows) if (!this.inFlight.has(r.id)) void this.send(r);
    } finally {
      this.running = false;
    }
  }

  private async send(r: Row): Promise<void> {
    this.inFlight.add(r.id);
    let error: string | undefined;
    try {
      const type = (JSON.parse(r.body) as { type?: string }).type ?? 'event';
      const res = await fetch(r.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${this.salt}-${r.event}`, 'x-incisim-event': type },
        body: r.body,
        signal: AbortSignal.timeout(10000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    if (this.stopped) return;
    try {
      // the row stays in flight until its deletion (or retry time) is committed: a kick meanwhile does not send it again
      if (error === undefined) {
        this.delivered++;
        await this.journal.outboxDelivered(r.id);
      } else if (r.attempts + 1 >= this.maxAttempts) {
        this.failures++;
        this.log(`incisim serve: webhook ${r.url}: event ${r.event} dropped after ${r.attempts + 1} attempts (${error})`);
        await this.journal.outboxDelivered(r.id);
      } else {
        const delay = Math.min(600000, this.backoffMs * 2 ** r.attempts);
        this.failures++;
        setTimeout(() => this.kick(), delay + 5).unref();
        await this.journal.outboxRetry(r.id, Date.now() + delay, error);
      }
    } catch {
      // the journal is closed (the service stopped): the row is sent again after a restart
    } finally {
      this.inFlight.delete(r.id);
    }
  }

  /** Rows waiting for delivery. */
  pending(): number {
    return (this.journal.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  }

  stop(): void {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
  }
}
