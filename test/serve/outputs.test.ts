import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Deliveries } from '../../src/serve/webhooks.js';
import { LIVE, startLive, tempDb, type Live } from './live.js';

let live: Live;
let receiver: Server;
let deliveries: Deliveries;
const received: { key: string; type: string; body: any }[] = [];
let failNext = new Set<string>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      received.push({ key, type: String(req.headers['x-incisim-event']), body: JSON.parse(s) });
      // every event fails on its first delivery: the retry must carry the same key
      if (!failNext.has(key)) {
        failNext.add(key);
        res.writeHead(503).end();
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as { port: number }).port;
  const db = tempDb();
  const scenario = join(dirname(db), 'hooks.yaml');
  writeFileSync(scenario, readFileSync(LIVE, 'utf8').replace('serve:\n', `serve:\n  webhooks: [{ url: "http://127.0.0.1:${port}/hook", events: [decision, page, ack-timeout] }]\n`));
  live = await startLive({ scenario, db });
  deliveries = new Deliveries(live.service.journal, live.service.salt, { backoffMs: 30, log: () => {} });
  live.service.onDeliveries = () => deliveries.kick();
});
afterAll(async () => {
  deliveries.stop();
  await live.close();
  await new Promise((r) => receiver.close(r));
});

async function until(check: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('outputs', () => {
  it('every decision and page goes out as a JSON webhook, retried with backoff under one idempotency key', async () => {
    const r = await live.post('/v1/incidents', { title: 'core switch down', team: 'network', priority: 'P2' });
    await live.advance('10m');
    await until(() => deliveries.pending() === 0 && received.length >= 10);
    const ok = new Map<string, { type: string; body: any }>();
    for (const x of received) ok.set(x.key, x);
    expect([...ok.values()].map((x) => `${x.type} ${x.body.engineer ?? x.body.team}`)).toEqual([
      'decision kim', 'page kim', 'ack-timeout kim', 'decision lee', 'page lee',
    ]);
    // each key came twice: the refused first attempt and the retry, with the same body
    for (const [key, x] of ok) {
      const tries = received.filter((y) => y.key === key);
      expect(tries).toHaveLength(2);
      expect(tries[1].body).toEqual(tries[0].body);
      expect(key).toBe(`${live.service.salt}-${x.body.seq}`);
    }
    expect(ok.get([...ok.keys()][0])!.body).toMatchObject({ type: 'decision', incident: r.body.incident, decision: { kind: 'assign', team: 'network', engineerId: 'kim' } });
  });

  it('the event stream sends every event as it happens', async () => {
    const ac = new AbortController();
    const res = await fetch(`${live.url}/v1/events?access_token=${encodeURIComponent(live.token('viewer'))}`, { signal: ac.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    let text = '';
    const read = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
    })().catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    const p = await live.post('/v1/incidents', { title: 'wifi slow', team: 'desk', priority: 'P4' });
    await until(() => text.includes('event: acknowledged'));
    ac.abort();
    await read;
    const events = text.split('\n\n').filter((b) => b.startsWith('id: ')).map((b) => JSON.parse(b.split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
    expect(events.map((e) => e.type)).toEqual(['incident.opened', 'decision', 'acknowledged']);
    expect(events[0]).toMatchObject({ incident: p.body.incident, team: 'desk', priority: 'P4' });
    // a viewer's stream names engineers by pseudonym only
    expect(events[1].engineer).toMatch(/^eng-[0-9a-f]{8}$/);
  });

  it('/metrics is Prometheus text: open incidents, MTTA, decisions, pages, saturation per team', async () => {
    const r = await live.get('/metrics');
    expect(r.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = r.text.split('\n');
    for (const l of lines) if (l !== '' && !l.startsWith('#')) expect(l).toMatch(/^incisim_[a-z_]+(\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\})? (-?[0-9.e+-]+|\+Inf|NaN)$/);
    expect(lines).toEqual(expect.arrayContaining([
      'incisim_open_incidents{team="leads"} 1', 'incisim_open_incidents{team="desk"} 1', 'incisim_decisions_total{kind="assign"} 3',
      'incisim_pages_total 2', 'incisim_ack_timeouts_total 1', 'incisim_team_saturation{team="leads"} 0.2', 'incisim_mtta_minutes 0',
      '# TYPE incisim_pages_total counter',
    ]));
  });
});
