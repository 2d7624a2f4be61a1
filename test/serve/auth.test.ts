import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { startLive, tempDb, type Live } from './live.js';

let live: Live;
beforeAll(async () => {
  live = await startLive();
});
afterAll(() => live.close());

const state = async () => ({ i: (await live.get('/v1/incidents')).body, e: (await live.get('/v1/engineers')).body });

describe('who may do what', () => {
  it('no token or an unknown token: 401, nothing changes, nothing journaled', async () => {
    const before = live.service.journal.size;
    const none = await live.post('/v1/incidents', { title: 'x', team: 'desk', priority: 'P3' }, null);
    expect(none).toMatchObject({ status: 401, body: { error: 'authorization: missing; expected "Bearer <token>" (make one with incisim serve token create)' } });
    const forged = await live.post('/v1/incidents', { title: 'x', team: 'desk', priority: 'P3' }, `isk_${live.admin.slice(4, 12)}_${'A'.repeat(32)}`);
    expect(forged).toMatchObject({ status: 401, body: { error: 'authorization: unknown or invalid token' } });
    expect((await live.get('/v1/incidents', null)).status).toBe(401);
    expect(live.service.journal.size).toBe(before);
  });

  it("a responder cannot resolve someone else's incident: 403, an audit entry, no state change", async () => {
    const dispatcher = live.token('dispatcher');
    const r = await live.post('/v1/incidents', { title: 'printer jam', team: 'desk', priority: 'P4' }, dispatcher);
    const id = r.body.incident;
    const assignee = r.body.engineer;
    const other = assignee === 'ana' ? 'ben' : 'ana';
    const before = await state();
    const mallory = live.token('responder', other);
    const denied = await live.post(`/v1/incidents/${id}/resolve`, { reason: 'not mine but whatever' }, mallory);
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe(`incident ${id}: a responder may resolve only incidents assigned to them; it is assigned to someone else`);
    expect(await state()).toEqual(before);
    const audit = (await live.get(`/v1/audit?incident=${id}`)).body.audit;
    expect(audit.at(-1)).toMatchObject({ role: 'responder', actor: mallory.slice(4, 12), action: 'denied:resolve', incident: id, reason: denied.body.error });
    // their own: fine
    const mine = live.token('responder', assignee);
    expect((await live.post(`/v1/incidents/${id}/resolve`, {}, mine)).body).toEqual({ incident: id, action: 'resolved' });
    expect((await live.get(`/v1/audit?incident=${id}&engineer=${assignee}`)).body.audit.at(-1)).toMatchObject({ role: 'responder', action: 'resolve', engineer: assignee });
  });

  it('a wrong role: 403, audited, nothing else changes', async () => {
    const viewer = live.token('viewer');
    const before = await state();
    const r = await live.post('/v1/incidents', { title: 'x', team: 'desk', priority: 'P3' }, viewer);
    expect(r).toMatchObject({ status: 403, body: { error: 'role viewer may not open incidents; expected admin or dispatcher' } });
    const responder = live.token('responder', 'ana');
    expect((await live.call('PUT', '/v1/engineers/ben/presence', { presence: 'away' }, responder)).status).toBe(403);
    expect((await live.get('/v1/audit', responder)).status).toBe(403);
    expect(await state()).toEqual(before);
    const audit = (await live.get('/v1/audit')).body.audit;
    expect(audit.filter((a: any) => a.action.startsWith('denied:')).map((a: any) => `${a.role} ${a.action}`)).toEqual(
      expect.arrayContaining(['viewer denied:open incidents', 'responder denied:presence', 'responder denied:read the audit trail']),
    );
  });

  it('viewers see workload with engineers pseudonymised', async () => {
    const viewer = live.token('viewer');
    const engs = (await live.get('/v1/engineers', viewer)).body.engineers;
    expect(engs).toHaveLength(6);
    for (const e of engs) expect(e.id).toMatch(/^eng-[0-9a-f]{8}$/);
    expect(new Set(engs.map((e: any) => e.id)).size).toBe(6);
    expect(engs.map((e: any) => e.team)).toEqual(['desk', 'desk', 'network', 'network', 'database', 'leads']);
    const again = (await live.get('/v1/engineers', viewer)).body.engineers;
    expect(again.map((e: any) => e.id)).toEqual(engs.map((e: any) => e.id));
    const incs = (await live.get('/v1/incidents', viewer)).body.incidents;
    const text = JSON.stringify([engs, incs]);
    for (const name of ['ana', 'ben', 'raj', 'kim', 'dba', 'lee']) expect(text).not.toContain(`"${name}"`);
  });

  it('incisim serve token create prints the token alone on its last line and stores only its hash', () => {
    const db = tempDb();
    const r = spawnSync('node', ['bin/incisim.js', 'serve', 'token', 'create', '--role', 'responder', '--engineer', 'kim', '--db', db], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const token = lines.at(-1)!;
    expect(token).toMatch(/^isk_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    const rows = new Database(db, { readonly: true }).prepare('SELECT * FROM tokens').all() as any[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'responder', engineer: 'kim' });
    expect(JSON.stringify(rows)).not.toContain(token.slice(13));
    const bad = spawnSync('node', ['bin/incisim.js', 'serve', 'token', 'create', '--role', 'responder', '--db', db], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('incisim: --engineer: missing; a responder token acts for one engineer (e.g. --engineer network-01)\n');
  });
});
