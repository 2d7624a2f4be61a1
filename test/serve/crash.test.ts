/**
 * The crash guarantee, end to end: the service runs as its own process (`incisim serve`), 16
 * clients post alerts in every format at once, and the process is killed with SIGKILL mid-load.
 * Restarted on the same database it must hold every request that got a 2xx, be in the state a
 * service that never crashed reaches from the same accepted requests in the same order, and fire
 * the escalation timers that were pending.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/serve/journal.js';
import { fromAlertmanager, fromGrafanaOnCall, fromPagerDuty } from '../../src/serve/intake.js';
import type { Actor } from '../../src/serve/inputs.js';
import { LIVE, MONDAY_10, startLive, tempDb, type Live } from './live.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Snapshots every 50 entries: the restart loads one and replays the entries after it. */
const SNAPSHOT_EVERY = 50;

async function serve(db: string): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn('node', ['bin/incisim.js', 'serve', LIVE, '--db', db, '--port', '0', '--clock', MONDAY_10, '--rate', '0', '--snapshot-every', String(SNAPSHOT_EVERY)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && /^journal .*\n/m.test(out)) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`incisim serve exited (${code}): ${err}`)));
  });
  return { child, url, out: () => out };
}

type Req = { path: string; body: Record<string, unknown>; key: string; kind: 'open' | 'resolve' };

/** The i-th request of the load: alerts in three formats over three teams, and resolves of earlier PagerDuty alerts. */
function request(i: number, resolvable: string[]): Req {
  switch (i % 4) {
    case 0: {
      const fp = `fp${i}`;
      const labels = i % 8 === 0 ? { alertname: 'LinkDown', service: 'net-core', severity: 'critical' } : { alertname: 'HighLoad', severity: 'warning', host: `app${i}` };
      return { path: '/v1/alerts/alertmanager', key: `am:${fp}`, kind: 'open', body: { version: '4', status: 'firing', alerts: [{ status: 'firing', labels, annotations: { summary: `alert ${i}` }, fingerprint: fp }] } };
    }
    case 1:
      return { path: '/v1/alerts/pagerduty', key: `pd:k${i}`, kind: 'open', body: { event_action: 'trigger', dedup_key: `k${i}`, payload: { summary: `event ${i}`, source: 'db1', severity: i % 3 === 0 ? 'critical' : 'error', component: 'database' } } };
    case 2:
      return { path: '/v1/alerts/grafana-oncall', key: `gr:u${i}`, kind: 'open', body: { alert_uid: `u${i}`, title: `grafana ${i}`, state: 'alerting', message: 'm' } };
    default: {
      const k = resolvable.shift();
      if (k === undefined) return request(i + 1, resolvable);
      return { path: '/v1/alerts/pagerduty', key: `pd:${k}`, kind: 'resolve', body: { event_action: 'resolve', dedup_key: k } };
    }
  }
}

async function post(url: string, token: string, r: Req): Promise<{ status: number; body: any }> {
  const res = await fetch(url + r.path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(r.body) });
  return { status: res.status, body: await res.json() };
}

describe('crash: kill -9 under load, restart on the same database', () => {
  it('keeps every 2xx request, reaches the state of a run without the crash, and fires the pending timers', async () => {
    const db = tempDb();
    const j = new Journal(db);
    const token = j.createToken('dispatcher');
    j.db.close();
    const first = await serve(db);

    // 16 clients until ~300 answers, then SIGKILL while requests are in flight.
    const acked: { req: Req; body: any }[] = [];
    const resolvable: string[] = [];
    let next = 0;
    let killed = false;
    const client = async () => {
      while (!killed) {
        const req = request(next++, resolvable);
        try {
          const r = await post(first.url, token, req);
          if (r.status >= 200 && r.status < 300) {
            acked.push({ req, body: r.body });
            if (req.path.endsWith('pagerduty') && req.kind === 'open') resolvable.push(String(r.body.dedup_key));
          }
          if (acked.length >= 300 && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        } catch {
          return; // connection refused or reset: the process is gone
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    // (it may be gone already: then 'exit' was emitted before anyone listened)
    if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((r) => first.child.once('exit', r));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(300);

    // Restart on the same database: from the latest snapshot, replaying at most SNAPSHOT_EVERY entries.
    const second = await serve(db);
    const line = /restored snapshot at entry (\d+), replayed (\d+) entries after it in \d+ ms/.exec(second.out());
    expect(line, second.out()).not.toBeNull();
    const entries = (new Database(db, { readonly: true }).prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
    expect(Number(line![1]) + Number(line![2])).toBe(entries);
    expect(Number(line![2])).toBeLessThanOrEqual(SNAPSHOT_EVERY);
    const admin2 = (() => {
      const jj = new Journal(db);
      const t = jj.createToken('admin');
      jj.db.close();
      return t;
    })();
    const get = async (url: string, tok: string, path: string) => (await fetch(url + path, { headers: { authorization: `Bearer ${tok}` } })).json() as Promise<any>;
    const incidents = (await get(second.url, admin2, '/v1/incidents')).incidents as any[];
    const byKey = new Map(incidents.map((i) => [i.key, i]));
    for (const { req, body } of acked) {
      const inc = byKey.get(req.key);
      expect(inc, `${req.key} was answered ${JSON.stringify(body)}`).toBeDefined();
      if (req.kind === 'open' && body.results) expect(inc.id).toBe(body.results[0].incident);
      if (req.kind === 'open' && body.incident) expect(inc.id).toBe(body.incident);
      if (req.kind === 'resolve') expect(inc.state).toBe('resolved');
    }

    // The run without a crash: the accepted requests, in the journal's order, into a fresh service.
    const sent = new Map<string, Req>();
    for (const { req } of acked) sent.set(`${req.kind}:${req.key}`, req);
    const journal = new Database(db, { readonly: true }).prepare('SELECT input FROM journal ORDER BY seq').all() as { input: string }[];
    const order = journal.map((r) => JSON.parse(r.input)).filter((x) => x.kind === 'open' || x.kind === 'resolve-key');
    expect(order.length).toBeGreaterThanOrEqual(acked.length);
    // Fed through the service's live path (placement, check, apply, group commit) in one go: the
    // calls apply in call order, so the journal order is kept without waiting for each answer.
    const calm: Live = await startLive();
    try {
      const dispatcher: Actor = { role: 'dispatcher', token: 'calm' };
      const cfg = calm.service.cfg;
      const answers = order.map((x) => {
        const kind = x.kind === 'open' ? 'open' : 'resolve';
        // an entry committed just before the kill whose answer never arrived is rebuilt from its key
        const req = sent.get(`${kind}:${x.key}`) ?? rebuild(x);
        const inputs = req.path.endsWith('alertmanager') ? fromAlertmanager(cfg, req.body as never)
          : req.path.endsWith('pagerduty') ? [fromPagerDuty(cfg, req.body as never).input] : [fromGrafanaOnCall(cfg, req.body as never)];
        return calm.service.submit(inputs, dispatcher);
      });
      expect((await Promise.all(answers)).flat().every((r) => r.action !== 'none')).toBe(true);
      const view = async (url: string, tok: string) => ({ i: await get(url, tok, '/v1/incidents'), e: await get(url, tok, '/v1/engineers'), t: await get(url, tok, '/v1/teams') });
      expect(await view(second.url, admin2)).toEqual(await view(calm.url, calm.admin));

      // Pending ack timers (P1s paged on the network team) fire after the restart, the same in both.
      const pagesBefore = incidents.reduce((s, i) => s + i.pages, 0);
      expect(incidents.some((i) => i.team === 'network' && !i.acknowledged && i.engineer)).toBe(true);
      for (const [url, tok] of [[second.url, admin2], [calm.url, calm.admin]]) {
        const r = await fetch(`${url}/v1/clock`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify({ advance: '10m' }) });
        expect(r.status).toBe(200);
      }
      const after = (await get(second.url, admin2, '/v1/incidents')).incidents as any[];
      expect(after.reduce((s, i) => s + i.pages, 0)).toBeGreaterThan(pagesBefore);
      expect(after.some((i) => i.escalations.some((e: any) => e.to === 'leads'))).toBe(true);
      expect(await view(second.url, admin2)).toEqual(await view(calm.url, calm.admin));
    } finally {
      await calm.close();
      second.child.kill('SIGTERM');
    }
  }, 240_000);
});

/** The request behind a journal entry whose answer was lost with the process. */
function rebuild(x: { kind: string; key: string; source: string; title: string }): Req {
  const id = x.key.slice(3);
  if (x.kind === 'resolve-key') return { path: '/v1/alerts/pagerduty', key: x.key, kind: 'resolve', body: { event_action: 'resolve', dedup_key: id } };
  return request(Number(id.replace(/^\D+/, '')), []);
}
