import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type Live } from './live.js';

let live: Live;
beforeAll(async () => {
  live = await startLive({ bodyLimit: 4096 });
});
afterAll(() => live.close());

/** Every bad request: a 4xx with one line naming the field, and no journal entry. */
async function rejects(method: string, path: string, body: unknown, status: number, error: string, headers?: Record<string, string>) {
  const before = live.service.journal.size;
  const r = await live.call(method, path, body, live.admin, headers);
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ error });
  expect(error).not.toContain('\n');
  expect(live.service.journal.size).toBe(before);
}

describe('bad input: one-line 4xx naming the field, nothing journaled', () => {
  it('malformed JSON', () => rejects('POST', '/v1/incidents', '{"title": "x",', 400, "body: not valid JSON (Body is not valid JSON but content-type is set to 'application/json')"));
  it('an empty body', () => rejects('POST', '/v1/alerts/alertmanager', '', 400, 'body: empty; expected a JSON object'));
  it('an unknown team', () => rejects('POST', '/v1/incidents', { title: 'x', team: 'networking', priority: 'P3' }, 400, 'body.team: unknown team "networking"; expected one of desk, network, database, leads'));
  it('an unknown priority', () => rejects('POST', '/v1/incidents', { title: 'x', team: 'desk', priority: 'P9' }, 400, 'body.priority: unknown priority "P9"; expected one of P1, P2, P3, P4'));
  it('an unknown field of our own form', () => rejects('POST', '/v1/incidents', { title: 'x', urgency: 'high' }, 400, 'body.urgency: unknown field'));
  it('a missing field', () => rejects('POST', '/v1/alerts/grafana-oncall', { title: 'x', state: 'alerting' }, 400, 'body.alert_uid: missing'));
  it('a value outside its set', () => rejects('POST', '/v1/alerts/pagerduty', { event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'disaster' } }, 400, 'body.payload.severity: "disaster"; expected one of critical, error, warning, info'));
  it('a wrong type deep in a payload', () => rejects('POST', '/v1/alerts/alertmanager', { status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 7 } }] }, 400, 'body.alerts[0].labels.alertname: 7; expected string'));
  it('a trigger without payload', () => rejects('POST', '/v1/alerts/pagerduty', { event_action: 'trigger' }, 400, 'body.payload: missing; a trigger needs payload.summary, payload.source and payload.severity'));
  it('an oversized body (limit 4096 bytes here)', () => rejects('POST', '/v1/incidents', { title: 'x'.repeat(900), labels: { a: 'y'.repeat(5000) } }, 413, 'body: 5930 bytes is over the limit of 4096 bytes'));
  it('a wrong content type', () => rejects('POST', '/v1/incidents', 'title=x', 415, 'content-type: "application/x-www-form-urlencoded" is not supported; expected application/json', { 'content-type': 'application/x-www-form-urlencoded' }));
  it('text/plain', () => rejects('POST', '/v1/incidents', '{"title":"x"}', 415, 'content-type: "text/plain" is not supported; expected application/json', { 'content-type': 'text/plain' }));
  it('an unknown incident', () => rejects('POST', '/v1/incidents/INC-999999/ack', {}, 404, 'incident "INC-999999": no such incident'));
  it('an unknown engineer', () => rejects('PUT', '/v1/engineers/zoe/presence', { presence: 'away' }, 404, 'engineer "zoe": no such engineer in the scenario'));
  it('a bad instant', () => rejects('PUT', '/v1/engineers/ana/presence', { presence: 'away', until: 'tomorrow' }, 400, 'body.until: "tomorrow" is not an ISO-8601 instant'));
  it('moving the clock back', () => rejects('POST', '/v1/clock', { to: '2026-11-01T00:00:00Z' }, 400, 'body.to: 2026-11-01T00:00:00.000Z is before the service clock (2026-11-02T10:00:00.000Z); time only moves forward'));
  it('an unknown route', () => rejects('POST', '/v1/alerts/nagios', {}, 404, 'POST /v1/alerts/nagios: no such route (see /openapi.json)'));
  it('a second acknowledgement of a resolved incident', async () => {
    const r = await live.post('/v1/incidents', { title: 'x', team: 'desk', priority: 'P3' });
    await live.post(`/v1/incidents/${r.body.incident}/resolve`);
    await rejects('POST', `/v1/incidents/${r.body.incident}/ack`, {}, 409, `incident ${r.body.incident}: already resolved at 2026-11-02T10:00:00.000Z`);
  });
});

describe('the API is described', () => {
  it('/openapi.json lists every route with the TypeBox schemas', async () => {
    const r = await live.get('/openapi.json', null);
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.0.3');
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining([
      '/v1/incidents', '/v1/alerts/alertmanager', '/v1/alerts/pagerduty', '/v1/alerts/grafana-oncall', '/v1/incidents/{id}/ack',
      '/v1/incidents/{id}/resolve', '/v1/incidents/{id}/release', '/v1/incidents/{id}/reassign', '/v1/engineers/{id}/presence',
      '/v1/engineers', '/v1/audit', '/v1/events', '/metrics',
    ]));
    const pd = r.body.paths['/v1/alerts/pagerduty'].post;
    expect(pd.requestBody.content['application/json'].schema.properties.event_action.enum).toEqual(['trigger', 'acknowledge', 'resolve']);
    expect(Object.keys(pd.responses)).toContain('202');
  });
});
