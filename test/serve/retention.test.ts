/**
 * Retention: a long-running service does not grow without bound. Resolved incidents whose
 * resolution is older than the retention (`--retain`, here 2 days of service clock) and pages
 * older than a week leave memory, and the audit trail is never in memory; the database keeps them
 * (the journal every input, the final view of each resolved incident, the audit trail), and the
 * views still answer for them. Decisions never depend on what left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Input } from '../../src/serve/inputs.js';
import { Service } from '../../src/serve/service.js';
import { MONDAY_10, startLive, tempDb, type Live } from './live.js';

const DAY = 86400000;
const DISPATCHER: Actor = { role: 'dispatcher', token: 'd1' };
const TEAMS = ['desk', 'network', 'database', 'leads'];

let live: Live | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

describe('retention: resolved incidents leave memory, the database keeps them', () => {
  it('60 days of 50 incidents a day: memory holds the open ones and 2 days of resolved ones, whatever the day', async () => {
    const service = new Service({ scenario: 'test/serve/snapshot.yaml', db: tempDb(), clock: MONDAY_10, rate: 0, retainMs: 2 * DAY, snapshotEvery: 500 });
    const sizes: { incidents: number; pages: number; snapshot: number }[] = [];
    for (let day = 0; day < 60; day++) {
      const opens = Array.from({ length: 50 }, (_, i): Input => ({ kind: 'open', source: 'pagerduty', key: `d${day}-${i}`, title: `alert ${i}`, team: TEAMS[i % 4], priority: `P${1 + (i % 4)}`, by: 'request' }));
      await service.submit(opens, DISPATCHER);
      // all but the last five of the day are resolved the same day; those five stay open
      await service.submit(opens.slice(0, 45).map((o): Input => ({ kind: 'resolve-key', source: 'pagerduty', key: (o as { key: string }).key })), DISPATCHER);
      await service.moveClock(service.clock.now() + DAY, DISPATCHER);
      const snap = service.core.snapshot();
      sizes.push({
        incidents: service.core.incidentsInMemory,
        pages: Math.max(...snap.engineers.map((e) => e.pagesAt.length)), snapshot: JSON.stringify(snap).length,
      });
    }
    const open = service.core.incidents('open').length;
    expect(open).toBe(60 * 5);
    // each day: the open ones and those resolved within the last 2 days (that day's and the day before's), nothing older
    expect(sizes.map((s) => s.incidents)).toEqual(sizes.map((_, d) => 5 * (d + 1) + 45 * Math.min(d + 1, 2)));
    expect(service.core.incidents('resolved').length).toBe(2 * 45);
    // pages per engineer: a week's worth at most (they count for "interruptions this week")
    expect(sizes.at(-1)!.pages).toBeLessThanOrEqual(sizes[9].pages * 1.1 + 1);
    // the whole state (what a snapshot writes) grows only with the open incidents: the state itself is O(open)
    const perOpen = (s: { snapshot: number }, d: number) => s.snapshot / (5 * (d + 1));
    expect(perOpen(sizes.at(-1)!, 59)).toBeLessThan(perOpen(sizes[10], 10));
    // the database keeps them all: the journal every input, the archive the last view of each
    expect(service.core.counters.opened).toBe(3000);
    const resolved = (service.journal.db.prepare('SELECT count(*) AS n FROM resolved').get() as { n: number }).n;
    const audit = (service.journal.db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    service.close();
    expect(resolved).toBe(60 * 45);
    expect(audit).toBeGreaterThan(6000); // every open, resolve and clock move, and the timers' entries
  });

  it('the views still answer for an incident past the retention; changing it is refused with the reason', async () => {
    live = await startLive({ retainMs: DAY });
    const r = await live.post('/v1/incidents', { title: 'disk full', team: 'desk', priority: 'P3' });
    const id = r.body.incident;
    expect((await live.post(`/v1/incidents/${id}/resolve`, { reason: 'cleaned up' })).status).toBe(200);
    const before = (await live.get(`/v1/incidents/${id}`)).body;
    expect(before).toMatchObject({ id, state: 'resolved', engineer: 'ana' });
    await live.advance('25h');
    expect(live.service.core.incidentsInMemory).toBe(0);
    // the last view, read from the database
    expect((await live.get(`/v1/incidents/${id}`)).body).toEqual(before);
    expect((await live.get('/v1/incidents?state=resolved')).body.incidents).toEqual([]);
    // its audit entries too; then the schedule's changes since (dba's shift ends at 18:00, starts at 08:00)
    const audit = (await live.get(`/v1/audit?incident=${id}`)).body.audit;
    expect(audit.map((a: any) => a.action)).toEqual(['open', 'resolve']);
    const all = (await live.get('/v1/audit')).body.audit;
    expect(all.map((a: any) => `${a.at.slice(0, 16)} ${a.action} ${a.engineer ?? ''}`)).toEqual([
      '2026-11-02T10:00 open ', '2026-11-02T10:00 resolve ana', '2026-11-02T10:00 clock ', '2026-11-02T18:00 presence dba', '2026-11-03T08:00 presence dba',
    ]);
    expect((await live.get('/v1/audit?limit=1')).body.audit.map((a: any) => a.action)).toEqual(['open']);
    const refused = await live.post(`/v1/incidents/${id}/resolve`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: `incident ${id}: resolved more than 1 d ago (the retention); it can no longer change` });
    expect((await live.get('/v1/incidents/INC-000002')).status).toBe(404);
    // after a restart (from the snapshot of a clean stop) the same answers
    const db = live.db;
    await live.close();
    live = await startLive({ db, retainMs: DAY });
    expect(live.service.replay.entries).toBe(0);
    expect((await live.get(`/v1/incidents/${id}`)).body).toEqual(before);
    expect((await live.get('/v1/audit')).body.audit).toEqual(all);
  });
});
