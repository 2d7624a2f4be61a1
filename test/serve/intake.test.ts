import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type Live } from './live.js';

let live: Live;
beforeAll(async () => {
  live = await startLive();
});
afterAll(() => live.close());

const alertmanager = (status: 'firing' | 'resolved', alerts: { status?: string; labels: Record<string, string>; annotations?: Record<string, string>; fingerprint?: string }[]) => ({
  version: '4', groupKey: '{}:{alertname="x"}', truncatedAlerts: 0, status, receiver: 'incisim', groupLabels: {}, commonLabels: {}, commonAnnotations: {},
  externalURL: 'http://alertmanager:9093', somethingNew: { accepted: true },
  alerts: alerts.map((a) => ({ status, startsAt: '2026-11-02T09:59:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom/graph', ...a })),
});

describe('intake: each format becomes the right incident and decision', () => {
  it("incisim's own form: the team and priority given, the routing policy's choice, 201", async () => {
    const r = await live.post('/v1/incidents', { title: 'VPN down for the Leeds office', team: 'network', priority: 'P2', skills: ['network'] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ action: 'opened', team: 'network', engineer: 'kim', decision: { kind: 'assign', engineerId: 'kim' } });
    expect(r.body.decision.reason).toContain('kim');
    const inc = (await live.get(`/v1/incidents/${r.body.incident}`)).body;
    expect(inc).toMatchObject({ source: 'api', priority: 'P2', team: 'network', engineer: 'kim', state: 'open', acknowledged: false, pages: 1, placedBy: 'request' });
  });

  it('Alertmanager v4: a rule on labels places it; the fingerprint deduplicates; resolved resolves; unknown fields are accepted', async () => {
    const firing = alertmanager('firing', [
      { labels: { alertname: 'LinkDown', service: 'net-core', severity: 'critical' }, annotations: { summary: 'core link down' }, fingerprint: 'f00d' },
      { labels: { alertname: 'DiskFull', severity: 'warning' }, annotations: { summary: 'disk full on app7' }, fingerprint: 'beef' },
    ]);
    const r = await live.post('/v1/alerts/alertmanager', firing);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    const [link, disk] = r.body.results;
    expect(link).toMatchObject({ action: 'opened', team: 'network', decision: { kind: 'assign', engineerId: 'kim' } });
    expect(disk).toMatchObject({ action: 'opened', team: 'desk', decision: { kind: 'assign' } });
    const li = (await live.get(`/v1/incidents/${link.incident}`)).body;
    expect(li).toMatchObject({ source: 'alertmanager', title: 'core link down', priority: 'P1', category: 'network', skills: ['network'], key: 'am:f00d', placedBy: 'rule 0' });
    const di = (await live.get(`/v1/incidents/${disk.incident}`)).body;
    expect(di).toMatchObject({ priority: 'P3', team: 'desk', placedBy: 'default team', acknowledged: true });

    const again = await live.post('/v1/alerts/alertmanager', alertmanager('firing', [{ labels: { alertname: 'LinkDown', service: 'net-core', severity: 'critical' }, fingerprint: 'f00d' }]));
    expect(again.body.results[0]).toMatchObject({ incident: link.incident, action: 'deduplicated' });
    expect((await live.get(`/v1/incidents/${link.incident}`)).body.duplicates).toBe(1);

    const resolved = await live.post('/v1/alerts/alertmanager', alertmanager('resolved', [{ labels: { alertname: 'LinkDown', service: 'net-core' }, fingerprint: 'f00d' }]));
    expect(resolved.body.results[0]).toMatchObject({ incident: link.incident, action: 'resolved' });
    expect((await live.get(`/v1/incidents/${link.incident}`)).body).toMatchObject({ state: 'resolved', resolvedAt: '2026-11-02T10:00:00.000Z' });
    // a resolved alert nobody knows changes nothing and is not journaled
    const before = live.service.journal.size;
    const stray = await live.post('/v1/alerts/alertmanager', alertmanager('resolved', [{ labels: { alertname: 'Gone' }, fingerprint: 'nope' }]));
    expect(stray.body.results[0]).toEqual({ action: 'none' });
    expect(live.service.journal.size).toBe(before);
  });

  it('PagerDuty Events v2: 202 with status, message and dedup_key; acknowledge and resolve by dedup_key', async () => {
    const trigger = { routing_key: 'R0UT1NGKEY', event_action: 'trigger', dedup_key: 'db-primary-lag', payload: { summary: 'replication lag 300 s', source: 'db1', severity: 'error', component: 'database', custom_details: { lag: '300' } } };
    const r = await live.post('/v1/alerts/pagerduty', trigger);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'db-primary-lag' });
    const inc = (await live.get('/v1/incidents?state=open')).body.incidents.find((i: any) => i.key === 'pd:db-primary-lag');
    expect(inc).toMatchObject({ source: 'pagerduty', title: 'replication lag 300 s', priority: 'P2', team: 'database', engineer: 'dba', skills: ['database'], placedBy: 'rule 1' });
    // the database team does not page: the assignment counts as acknowledged
    expect(inc.acknowledged).toBe(true);

    const generated = await live.post('/v1/alerts/pagerduty', { routing_key: 'x', event_action: 'trigger', payload: { summary: 'printer on fire', source: 'floor3', severity: 'info' } });
    expect(generated.status).toBe(202);
    expect(generated.body.dedup_key).toMatch(/^[0-9a-f]{32}$/);

    const net = await live.post('/v1/alerts/pagerduty', { event_action: 'trigger', dedup_key: 'bgp', payload: { summary: 'BGP session flapping', source: 'edge1', severity: 'critical', custom_details: { service: 'net-edge' } } });
    expect(net.status).toBe(202);
    const ni = (await live.get('/v1/incidents?state=open')).body.incidents.find((i: any) => i.key === 'pd:bgp');
    expect(ni).toMatchObject({ team: 'network', priority: 'P1', engineer: 'kim', acknowledged: false });
    expect((await live.post('/v1/alerts/pagerduty', { event_action: 'acknowledge', dedup_key: 'bgp' })).status).toBe(202);
    expect((await live.get(`/v1/incidents/${ni.id}`)).body).toMatchObject({ acknowledged: true, acknowledgedAt: '2026-11-02T10:00:00.000Z' });
    const res = await live.post('/v1/alerts/pagerduty', { event_action: 'resolve', dedup_key: 'bgp' });
    expect(res.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'bgp' });
    expect((await live.get(`/v1/incidents/${ni.id}`)).body.state).toBe('resolved');
    const unknown = await live.post('/v1/alerts/pagerduty', { event_action: 'resolve', dedup_key: 'never-seen' });
    expect(unknown.status).toBe(202);
    expect(unknown.body.message).toContain('no open incident');
  });

  it('PagerDuty senders may authenticate with a token as routing_key', async () => {
    const r = await live.post('/v1/alerts/pagerduty', { routing_key: live.token('dispatcher'), event_action: 'trigger', dedup_key: 'rk', payload: { summary: 'x', source: 'y', severity: 'info' } }, null);
    expect(r.status).toBe(202);
    const bad = await live.post('/v1/alerts/pagerduty', { routing_key: 'not-a-token', event_action: 'trigger', payload: { summary: 'x', source: 'y', severity: 'info' } }, null);
    expect(bad.status).toBe(401);
  });

  it("Grafana OnCall's formatted webhook: a rule on the title; alert_uid deduplicates; state ok resolves", async () => {
    const body = { alert_uid: '08d6891a-835c-e661-39fa-96b6a9e26552', title: 'Database connections exhausted', image_url: 'https://x/y.png', state: 'alerting', link_to_upstream_details: 'https://grafana/d/1', message: 'pool at 100%', extra: 1 };
    const r = await live.post('/v1/alerts/grafana-oncall', body);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ action: 'opened', team: 'database', engineer: 'dba', decision: { kind: 'assign', engineerId: 'dba' } });
    const inc = (await live.get(`/v1/incidents/${r.body.incident}`)).body;
    expect(inc).toMatchObject({ source: 'grafana-oncall', priority: 'P2', key: 'gr:08d6891a-835c-e661-39fa-96b6a9e26552', placedBy: 'rule 2', details: { message: 'pool at 100%' } });
    expect((await live.post('/v1/alerts/grafana-oncall', body)).body).toMatchObject({ incident: inc.id, action: 'deduplicated' });
    expect((await live.post('/v1/alerts/grafana-oncall', { ...body, state: 'ok' })).body).toMatchObject({ incident: inc.id, action: 'resolved' });
    expect((await live.get(`/v1/incidents/${inc.id}`)).body.state).toBe('resolved');
  });

  it('a bundled scenario is served as it is: alerts no rule places go to its first tier-1 team', async () => {
    const other = await (await import('./live.js')).startLive({ scenario: 'scenarios/default.yaml', clock: '2026-10-06T10:00:00+01:00' });
    try {
      const r = await other.post('/v1/alerts/alertmanager', alertmanager('firing', [{ labels: { alertname: 'Anything', severity: 'warning' }, fingerprint: 'a1' }]));
      expect(r.body.results[0]).toMatchObject({ action: 'opened', team: 'service-desk', decision: { kind: 'assign' } });
      expect(r.body.results[0].engineer).toMatch(/^sd-(early|lead)-\d\d$/);
    } finally {
      await other.close();
    }
  });
});
