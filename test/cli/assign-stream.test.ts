/**
 * `incisim assign` as a live stream: it writes with backpressure (a reader that stops reading
 * stops assign from reading its input, and then receives every decision, in order), and a
 * reader that goes away (`| head -1`) ends it quietly. The 1M-event memory figure is measured by
 * scripts/assign-backpressure.js (README). Needs the build (npm test builds).
 */
import { spawn, spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignLines } from '../../scripts/assign-stream.js';

const ROSTER = 'scenarios/assign/roster.json';
const dir = mkdtempSync(join(tmpdir(), 'incisim-assign-stream-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('incisim assign with a slow reader', () => {
  it('stops reading its input while the reader pauses, then delivers every decision in order', async () => {
    const n = 200_000; // 17 MB in, 100,000 opens: about 33 MB of decisions
    const lines = [...assignLines(n)];
    const input = lines.map((l) => l + '\n').join('');
    const child = spawn('node', ['bin/incisim.js', 'assign', '--roster', ROSTER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.pause(); // the reader does not read yet

    // Offer the whole input; count what assign has taken once the writes stop draining.
    let offered = 0;
    const chunk = 1 << 16;
    const feed = (async () => {
      while (offered < input.length) {
        const ok = child.stdin.write(input.slice(offered, offered + chunk));
        offered += chunk;
        if (!ok) await new Promise((r) => child.stdin.once('drain', r));
      }
      child.stdin.end();
    })();
    await sleep(3000);
    const takenWhilePaused = Math.min(offered, input.length);
    // Without backpressure assign read all 17 MB and held the decisions in memory.
    expect(takenWhilePaused).toBeLessThan(4 * 1024 * 1024);
    expect(input.length).toBeGreaterThan(15 * 1024 * 1024);

    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => (out += c));
    child.stdout.resume();
    const code = await new Promise((r) => child.on('close', r));
    await feed;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const decided = out.trimEnd().split('\n').map((l) => JSON.parse(l).incidentId as string);
    expect(decided).toHaveLength(n / 2);
    expect(decided.slice(0, 3)).toEqual(['INC-1', 'INC-2', 'INC-3']);
    expect(decided.every((id, i) => id === `INC-${i + 1}`)).toBe(true);
  });
});

describe('a closed stdout ends a command quietly', () => {
  const events = join(dir, 'events.jsonl');
  writeFileSync(events, [...assignLines(100_000)].join('\n') + '\n');

  it('incisim assign … | head -1: one decision out, no EPIPE stack trace, exit 0', () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', `node bin/incisim.js assign --roster ${ROSTER} --events ${events} | head -1`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).incidentId).toBe('INC-1');
  });
});

describe('special files', () => {
  it('assign --events DIR is one line, exit 2 (it crashed with EISDIR)', () => {
    const r = spawnSync('node', ['bin/incisim.js', 'assign', '--roster', ROSTER, '--events', dir], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: ${dir}: cannot read the events (a directory, not a regular file)\n`);
  });

  it('a FIFO as the events or the roster is refused at once (it blocked for ever)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const a = spawnSync('node', ['bin/incisim.js', 'assign', '--roster', ROSTER, '--events', fifo], { encoding: 'utf8', timeout: 20_000 });
    expect(a.stderr).toBe(`incisim: ${fifo}: cannot read the events (a named pipe (FIFO), not a regular file)\n`);
    expect(a.status).toBe(2);
    const b = spawnSync('node', ['bin/incisim.js', 'assign', '--roster', fifo], { encoding: 'utf8', timeout: 20_000, input: '' });
    expect(b.stderr).toBe(`incisim: ${fifo}: cannot read the roster (a named pipe (FIFO), not a regular file)\n`);
    expect(b.status).toBe(2);
  });

  it('/dev/zero as the roster is refused (it grew without end)', () => {
    const r = spawnSync('node', ['bin/incisim.js', 'assign', '--roster', '/dev/zero'], { encoding: 'utf8', timeout: 20_000, input: '' });
    expect(r.stderr).toBe('incisim: /dev/zero: cannot read the roster (a character device, not a regular file)\n');
    expect(r.status).toBe(2);
  });
});
