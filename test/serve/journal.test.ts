/**
 * The journal's group commit: an append resolves only once its row can be read by another
 * connection (committed, synchronous FULL), the appends of one turn of the event loop share one
 * commit and keep their order, flush() leaves nothing queued, a closed journal writes nothing, and
 * webhook outbox deletions and retries ride on the same commits.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/serve/journal.js';
import type { Actor, Input } from '../../src/serve/inputs.js';
import { tempDb } from './live.js';

const ACTOR: Actor = { role: 'dispatcher', token: 't' };
const input = (i: number): Input => ({ kind: 'resolve-key', source: 'api', key: `k${i}` });
const rows = (db: string) => {
  const raw = new Database(db, { readonly: true });
  try {
    return (raw.prepare('SELECT seq, input FROM journal ORDER BY seq').all() as { seq: number; input: string }[]).map((r) => [r.seq, JSON.parse(r.input).key]);
  } finally {
    raw.close();
  }
};

describe('the journal group-commits', () => {
  it('an append resolves once another connection reads its row; the appends made meanwhile follow in order', async () => {
    const db = tempDb();
    const j = new Journal(db);
    const first = j.append({ at: 1, actor: ACTOR, input: input(1) }, [], []);
    // queued on a later turn of the loop: the next commit
    const more: Promise<number>[] = [];
    await new Promise((r) => setImmediate(r));
    for (let i = 2; i <= 40; i++) more.push(j.append({ at: i, actor: ACTOR, input: input(i) }, [], []));
    expect(await first).toBe(1);
    expect(rows(db)[0]).toEqual([1, 'k1']);
    const seqs = await Promise.all(more);
    expect(seqs).toEqual(Array.from({ length: 39 }, (_, k) => k + 2));
    expect(rows(db)).toEqual(Array.from({ length: 40 }, (_, k) => [k + 1, `k${k + 1}`]));
    expect(j.commits).toBeGreaterThanOrEqual(2);
    expect(j.commits).toBeLessThan(40);
    expect(j.entries).toBe(40);
    j.close();
  });

  it('flush() returns with everything queued on disk; close() too', () => {
    const db = tempDb();
    const j = new Journal(db);
    const done: Promise<number>[] = [];
    for (let i = 1; i <= 5; i++) done.push(j.append({ at: i, actor: ACTOR, input: input(i) }, [], []));
    j.flush();
    expect(rows(db).length).toBe(5);
    for (let i = 6; i <= 7; i++) done.push(j.append({ at: i, actor: ACTOR, input: input(i) }, [], []));
    j.close();
    expect(rows(db).length).toBe(7);
    return expect(Promise.all(done)).resolves.toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a journal whose database was closed (a crash, in the tests) writes nothing more', async () => {
    const db = tempDb();
    const j = new Journal(db);
    await j.append({ at: 1, actor: ACTOR, input: input(1) }, [], []);
    j.db.close();
    await expect(j.append({ at: 2, actor: ACTOR, input: input(2) }, [], [])).rejects.toThrow(/not open/);
    expect(rows(db)).toEqual([[1, 'k1']]);
  });

  it('outbox deletions and retries are committed with the next batch', async () => {
    const db = tempDb();
    const j = new Journal(db);
    await j.append({ at: 1, actor: ACTOR, input: input(1) }, [{ seq: 1, type: 'decision', at: '', detail: '' }], [
      { event: 1, url: 'http://a', body: '{}' },
      { event: 1, url: 'http://b', body: '{}' },
    ]);
    const ids = (j.db.prepare('SELECT id FROM outbox ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    expect(ids.length).toBe(2);
    expect(j.meta('event_seq')).toBe('1');
    const commits = j.commits;
    await Promise.all([j.outboxDelivered(ids[0]), j.outboxRetry(ids[1], 12345, 'HTTP 503')]);
    expect(j.commits).toBe(commits + 1);
    expect(j.db.prepare('SELECT id, attempts, next_at AS nextAt, last_error AS error FROM outbox').all()).toEqual([{ id: ids[1], attempts: 1, nextAt: 12345, error: 'HTTP 503' }]);
    j.close();
  });
});
