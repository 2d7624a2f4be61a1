import { afterEach, describe, expect, it } from 'vitest';
import { startLive, type Live } from './live.js';

let live: Live | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

const types = (events: any[], id: string) => events.filter((e) => e.incident === id).map((e) => `${e.at.slice(11, 16)} ${e.type} ${e.engineer ?? e.team ?? ''}`.trim());

describe('escalation live, in virtual time', () => {
  it('an unacknowledged page times out and pages the next level; then the chain ends with a notification', async () => {
    live = await startLive();
    const events: any[] = [];
    live.service.subscribe((es) => events.push(...es));
    const r = await live.post('/v1/incidents', { title: 'core switch down', team: 'network', priority: 'P2' });
    const id = r.body.incident;
    expect(r.body.engineer).toBe('kim');
    await live.advance('9m');
    expect((await live.get(`/v1/incidents/${id}`)).body).toMatchObject({ engineer: 'kim', pages: 1 });
    await live.advance('1m');
    // level 2 is team:leads: the engine picks lee there and lee is paged
    expect((await live.get(`/v1/incidents/${id}`)).body).toMatchObject({ team: 'leads', engineer: 'lee', pages: 2, escalations: [{ kind: 'functional', level: 1, to: 'leads', reason: 'no acknowledgement within 10 min at level 1' }] });
    await live.advance('10m');
    const inc = (await live.get(`/v1/incidents/${id}`)).body;
    expect(inc.escalations.at(-1)).toMatchObject({ kind: 'hierarchical', to: 'duty-manager', reason: 'nobody acknowledged after 1 round of 2 levels' });
    expect(types(events, id)).toEqual([
      '10:00 incident.opened network', '10:00 decision kim', '10:00 page kim',
      '10:10 ack-timeout kim', '10:10 escalated leads', '10:10 decision lee', '10:10 page lee',
      '10:20 ack-timeout lee', '10:20 chain-ended leads', '10:20 notified duty-manager',
      // released to the leads queue: lee, the only lead, is not given it back in the same call; it waits
      '10:20 decision leads',
    ]);
    const audit = (await live.get(`/v1/audit?incident=${id}`)).body.audit;
    expect(audit.map((a: any) => `${a.actor} ${a.action}`)).toEqual([`${audit[0].actor} open`, 'system ack-timeout', 'system ack-timeout']);
  });

  it('an acknowledgement stops the timer; a P1 notifies at 30 min and is escalated to the next tier at 2 h', async () => {
    live = await startLive();
    const r = await live.post('/v1/incidents', { title: 'payments failing', team: 'desk', priority: 'P1' });
    const id = r.body.incident;
    expect(r.body).toMatchObject({ team: 'desk', engineer: 'ana' });
    await live.advance('30m');
    expect((await live.get(`/v1/incidents/${id}`)).body.escalations).toEqual([{ at: '2026-11-02T10:30:00.000Z', kind: 'hierarchical', level: 1, to: 'duty-manager', reason: 'open after 30 min' }]);
    await live.advance('90m');
    const inc = (await live.get(`/v1/incidents/${id}`)).body;
    expect(inc.escalations[1]).toMatchObject({ at: '2026-11-02T12:00:00.000Z', kind: 'functional', to: 'network', reason: 'stalled: unresolved after 120 min' });
    expect(inc).toMatchObject({ team: 'network', engineer: 'kim', pages: 1 });
    expect((await live.post(`/v1/incidents/${id}/ack`)).body).toMatchObject({ action: 'acknowledged', engineer: 'kim' });
    await live.advance('30m');
    expect((await live.get(`/v1/incidents/${id}`)).body).toMatchObject({ team: 'network', engineer: 'kim', pages: 1, acknowledged: true });
    // acknowledgedAt is the first acknowledgement (the desk's, at once: the desk does not page)
    expect((await live.get(`/v1/incidents/${id}`)).body.acknowledgedAt).toBe('2026-11-02T10:00:00.000Z');
  });

  it('presence follows the schedule and overrides: the on-call hand-off, away, and back to the schedule', async () => {
    live = await startLive({ clock: '2026-11-09T08:58:00Z' });
    const who = async () => Object.fromEntries((await live!.get('/v1/engineers')).body.engineers.map((e: any) => [e.id, e.presence]));
    expect(await who()).toMatchObject({ raj: 'off', kim: 'on-call', dba: 'on-shift', ana: 'on-shift', lee: 'on-shift' });
    await live.advance('2m');
    expect(await who()).toMatchObject({ raj: 'on-call', kim: 'off', dba: 'on-shift' });
    await live.advance('9h');
    expect(await who()).toMatchObject({ raj: 'on-call', dba: 'off' });
    const away = await live.call('PUT', '/v1/engineers/raj/presence', { presence: 'away', reason: 'dentist' });
    expect(away.body).toEqual({ engineer: 'raj', presence: 'away', scheduled: 'on-call' });
    const r = await live.post('/v1/incidents', { title: 'wifi', team: 'network', priority: 'P3' });
    expect(r.body).toMatchObject({ queued: true, decision: { kind: 'queue' } });
    const back = await live.call('PUT', '/v1/engineers/raj/presence', { presence: 'schedule' });
    expect(back.body.presence).toBe('on-call');
    expect((await live.get(`/v1/incidents/${r.body.incident}`)).body).toMatchObject({ engineer: 'raj', pages: 1 });
    const e = (await live.get('/v1/engineers')).body.engineers.find((x: any) => x.id === 'raj');
    expect(e).toMatchObject({ load: 1, incidents: [r.body.incident], interruptionsThisWeek: 1, onCallMinutesThisWeek: 540 });
  });

  it('schedules go on past the first presence window (eight weeks), through the DST change of 28 March', async () => {
    live = await startLive();
    const dba = async () => (await live!.get('/v1/engineers')).body.engineers.find((e: any) => e.id === 'dba').presence;
    // Tuesday 2027-03-30 07:30 UTC is 08:30 in London (BST): on shift; 17:30 UTC is 18:30: off
    await live.call('POST', '/v1/clock', { to: '2027-03-30T07:30:00Z' });
    expect(await dba()).toBe('on-shift');
    await live.call('POST', '/v1/clock', { to: '2027-03-30T17:30:00Z' });
    expect(await dba()).toBe('off');
  });

  it('release hands the incident back to its team; reassign moves it to a named engineer; both are audited', async () => {
    live = await startLive();
    const r = await live.post('/v1/incidents', { title: 'slow queries', team: 'desk', priority: 'P3' });
    const id = r.body.incident;
    expect(r.body.engineer).toBe('ana');
    const rel = await live.post(`/v1/incidents/${id}/release`, { reason: 'going into a meeting' });
    expect(rel.body).toEqual({ incident: id, action: 'released', team: 'desk', engineer: 'ben', queued: false });
    await live.advance('5m');
    const re = await live.post(`/v1/incidents/${id}/reassign`, { team: 'database', engineer: 'dba', reason: 'needs a DBA' });
    expect(re.body).toEqual({ incident: id, action: 'reassigned', team: 'database', engineer: 'dba', queued: false });
    const audit = (await live.get(`/v1/audit?incident=${id}&since=2026-11-02T10:01:00Z`)).body.audit;
    expect(audit.map((a: any) => [a.at, a.action, a.reason])).toEqual([['2026-11-02T10:05:00.000Z', 'reassign', 'to database (dba): needs a DBA']]);
    expect((await live.get(`/v1/audit?incident=${id}`)).body.audit.map((a: any) => a.action)).toEqual(['open', 'release', 'reassign']);
  });

  it('restarted on the same database, the state is the same and a pending ack timer still fires', async () => {
    live = await startLive();
    const r = await live.post('/v1/incidents', { title: 'core switch down', team: 'network', priority: 'P2' });
    await live.advance('5m');
    const before = { i: (await live.get('/v1/incidents')).body, e: (await live.get('/v1/engineers')).body };
    const db = live.db;
    await live.close();
    live = await startLive({ db });
    expect({ i: (await live.get('/v1/incidents')).body, e: (await live.get('/v1/engineers')).body }).toEqual(before);
    expect((await live.get('/v1/status')).body.now).toBe('2026-11-02T10:05:00.000Z');
    await live.advance('5m');
    expect((await live.get(`/v1/incidents/${r.body.incident}`)).body).toMatchObject({ team: 'leads', engineer: 'lee', pages: 2 });
  });
});
