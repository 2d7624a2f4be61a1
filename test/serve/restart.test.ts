/**
 * Restarts from the command line: `incisim serve` says how it came back (the snapshot it loaded,
 * the entries it replayed after it), writes a snapshot on a clean stop (SIGTERM) so the next start
 * replays nothing, and refuses bad --snapshot-every / --retain values in one line, exit 2.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/serve/journal.js';
import { LIVE, MONDAY_10, tempDb } from './live.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function serve(db: string, ...extra: string[]): Promise<{ child: ChildProcess; url: string; out: string }> {
  const child = spawn('node', ['bin/incisim.js', 'serve', LIVE, '--db', db, '--port', '0', '--clock', MONDAY_10, '--rate', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && /^snapshots .*\n/m.test(out)) resolve({ child, url: m[1], out: err + out });
    });
    child.on('exit', (code) => reject(new Error(`incisim serve exited (${code}): ${err}`)));
  });
}

/** Signals the process and waits for its exit: [exit code, signal that ended it]. */
const stop = (c: ChildProcess, signal: NodeJS.Signals) => new Promise<[number | null, string | null]>((r) => { c.once('exit', (code, sig) => r([code, sig])); c.kill(signal); });

describe('incisim serve restarts', () => {
  it('says what it restored; a clean stop leaves a snapshot of everything', async () => {
    const db = tempDb();
    const j = new Journal(db);
    const token = j.createToken('dispatcher');
    j.db.close();
    const first = await serve(db, '--snapshot-every', '4');
    expect(first.out).toContain('journal ' + db + ': 0 entries replayed in ');
    expect(first.out).toContain('snapshots every 4 entries and on a clean stop; resolved incidents leave memory after 1w');
    for (let i = 0; i < 10; i++) {
      const r = await fetch(`${first.url}/v1/incidents`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: `t${i}`, team: 'desk', priority: 'P3' }) });
      expect(r.status).toBe(201);
    }
    await stop(first.child, 'SIGKILL');
    // killed: the snapshot at entry 8 (every 4), then the 2 entries after it
    const second = await serve(db, '--snapshot-every', '4', '--retain', '36h');
    expect(second.out).toMatch(new RegExp(`journal ${db}: restored snapshot at entry 8, replayed 2 entries after it in \\d+ ms`));
    expect(second.out).toContain('resolved incidents leave memory after 1d 12h');
    // a clean stop: the handler runs (exit 0, not killed by the signal) and writes a snapshot of all 10
    expect(await stop(second.child, 'SIGTERM')).toEqual([0, null]);
    const third = await serve(db);
    expect(third.out).toMatch(/restored snapshot at entry 10, replayed 0 entries after it in \d+ ms/);
    const list = await (await fetch(`${third.url}/v1/incidents`, { headers: { authorization: `Bearer ${token}` } })).json() as { incidents: unknown[] };
    expect(list.incidents).toHaveLength(10);
    await stop(third.child, 'SIGTERM');
  }, 60_000);

  it.each([
    [['--snapshot-every', '-1'], '--snapshot-every: "-1" is out of range; expected a whole number of journal entries ≥ 0 (0: snapshots only on a clean stop)'],
    [['--snapshot-every', '2.5'], '--snapshot-every: "2.5" is out of range; expected a whole number of journal entries ≥ 0 (0: snapshots only on a clean stop)'],
    [['--snapshot-every', 'often'], '--snapshot-every: "often" is not a number; expected a whole number of journal entries ≥ 0 (0: snapshots only on a clean stop)'],
    [['--retain', 'a while'], '--retain: invalid duration "a while"; expected a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes'],
    [['--retain', '0'], '--retain: "0" is not a duration > 0; expected a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes'],
  ])('refuses %j in one line, exit 2, no database made', (args, line) => {
    const db = tempDb();
    const r = spawnSync('node', ['bin/incisim.js', 'serve', LIVE, '--db', db, '--port', '0', ...args], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toContain(line);
    expect(spawnSync('test', ['-e', db]).status).toBe(1);
  });
});
