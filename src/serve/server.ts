/**
 * The HTTP face of the live service (fastify). Routes, who may call them, and what they answer:
 *
 *   POST /v1/incidents                       admin, dispatcher       201 opened / 200 deduplicated
 *   POST /v1/alerts/alertmanager             admin, dispatcher       200 { status, results }
 *   POST /v1/alerts/pagerduty                admin, dispatcher       202 { status, message, dedup_key }
 *   POST /v1/alerts/grafana-oncall           admin, dispatcher       200
 *   POST /v1/incidents/{id}/ack|resolve|release   + responder (own incidents only)
 *   POST /v1/incidents/{id}/reassign         admin, dispatcher
 *   PUT  /v1/engineers/{id}/presence         admin, dispatcher, responder (themselves)
 *   POST /v1/clock                           admin (virtual clocks only)
 *   GET  /v1/incidents /v1/incidents/{id} /v1/engineers /v1/teams /v1/status /v1/events /metrics   every role
 *   GET  /v1/audit?since=&incident=&engineer=   admin, dispatcher
 *   GET  /  (dashboard)   /openapi.json   /healthz   no token
 *
 * Tokens: `Authorization: Bearer <token>` (EventSource clients: `?access_token=`; PagerDuty
 * senders: the event's `routing_key`). No valid token: 401; a role that may not: 403, written to
 * the audit trail; neither changes anything. Viewers see engineers under stable pseudonyms.
 * Every 4xx is `{ "error": "<one line naming the field>" }` and journals nothing.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { VERSION } from '../version.js';
import { dashboardHtml } from './dashboard.js';
import { fromAlertmanager, fromGrafanaOnCall, fromIncident, fromPagerDuty } from './intake.js';
import { ServeError, type Actor, type Input, type Role } from './inputs.js';
import { prometheus } from './metrics.js';
import * as S from './schemas.js';
import type { Service } from './service.js';
import type { LiveEvent } from './core.js';

export interface ServerOptions {
  /** request body limit, bytes (default 1 MiB) */
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

const WRITE: Role[] = ['admin', 'dispatcher'];
const RESPOND: Role[] = ['admin', 'dispatcher', 'responder'];
const READ: Role[] = ['admin', 'dispatcher', 'responder', 'viewer'];
const UNIT_MS: Record<string, number> = { s: 1000, m: 60000, h: 3600000, d: 86400000, w: 604800000 };

export async function buildServer(service: Service, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const bodyLimit = opts.bodyLimit ?? 1048576;
  const app = Fastify({
    logger: false,
    bodyLimit,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, verbose: true } },
    return503OnClosing: true,
  });
  app.removeContentTypeParser('text/plain');
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'incisim serve', version: VERSION, description: 'The incisim assignment engine and escalation policies, live: intake, decisions, escalation, journal, audit.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  const pseudonym = (id: string | undefined): string | undefined =>
    id === undefined ? undefined : `eng-${createHmac('sha256', service.salt).update(id).digest('hex').slice(0, 8)}`;
  const isViewer = (req: FastifyRequest) => req.actor?.role === 'viewer';

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number; validation?: unknown[]; validationContext?: string }, req, reply) => {
    if (err instanceof ServeError) return reply.code(err.status).send({ error: err.message });
    if (err.validation) return reply.code(400).send({ error: validationLine(err.validationContext ?? 'body', err.validation as AjvError[]) });
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send({ error: `content-type: ${JSON.stringify(req.headers['content-type'] ?? '')} is not supported; expected application/json` });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send({ error: `body: ${req.headers['content-length'] ?? 'more than'} bytes is over the limit of ${bodyLimit} bytes` });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send({ error: 'body: empty; expected a JSON object' });
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.code(400).send({ error: `body: not valid JSON (${err.message.split('\n')[0]})` });
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return reply.code(400).send({ error: `body: not valid JSON (${err.message.split('\n')[0]})` });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ error: err.message.split('\n')[0] });
    process.stderr.write(`incisim serve: internal error on ${req.method} ${req.url}: ${err.stack ?? err.message}\n`);
    return reply.code(500).send({ error: 'internal error (see the service log)' });
  });
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `${req.method} ${req.url.split('?')[0]}: no such route (see /openapi.json)` }));

  /** Authenticates (401) and authorises (403, audited) before the body is validated. */
  const guard = (roles: Role[], action: string, o: { routingKey?: boolean } = {}) => async (req: FastifyRequest) => {
    const h = req.headers.authorization;
    let token: string | undefined;
    if (h !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
      if (!m) throw new ServeError(401, 'authorization: expected "Bearer <token>"');
      token = m[1];
    } else {
      const q = (req.query as Record<string, unknown> | undefined)?.access_token;
      if (typeof q === 'string') token = q;
      else if (o.routingKey) {
        const rk = (req.body as Record<string, unknown> | undefined)?.routing_key;
        if (typeof rk === 'string') token = rk;
      }
    }
    if (token === undefined) throw new ServeError(401, 'authorization: missing; expected "Bearer <token>" (make one with incisim serve token create)');
    const row = service.journal.verify(token);
    if (!row) throw new ServeError(401, 'authorization: unknown or invalid token');
    const actor: Actor = { role: row.role, token: row.id, ...(row.engineer !== undefined ? { engineer: row.engineer } : {}) };
    req.actor = actor;
    if (!roles.includes(row.role)) {
      const p = (req.params ?? {}) as { id?: string };
      const reason = `role ${row.role} may not ${action}; expected ${roles.join(' or ')}`;
      await service.deny(actor, action, reason, action.includes('incident') ? p.id : undefined, action.includes('presence') ? p.id : undefined);
      throw new ServeError(403, reason);
    }
    if (req.body === undefined && (req.method === 'POST' || req.method === 'PUT')) req.body = {};
  };
  const tags = (t: string) => ({ tags: [t] });

  // ---- intake -------------------------------------------------------------------------------

  app.post('/v1/incidents', {
    schema: { ...tags('intake'), summary: "Open an incident (incisim's form)", body: S.IncidentBody },
    preValidation: guard(WRITE, 'open incidents'),
  }, async (req, reply) => {
    const [r] = await service.submit([fromIncident(service.cfg, req.body as S.IncidentBody)], req.actor!);
    return reply.code(r.action === 'opened' ? 201 : 200).send(view(req, r));
  });

  app.post('/v1/alerts/alertmanager', {
    schema: { ...tags('intake'), summary: 'Prometheus Alertmanager webhook (version 4)', body: S.AlertmanagerBody },
    preValidation: guard(WRITE, 'post alerts'),
  }, async (req) => {
    const results = await service.submit(fromAlertmanager(service.cfg, req.body as S.AlertmanagerBody), req.actor!);
    return { status: 'ok', results: results.map((r) => view(req, r)) };
  });

  app.post('/v1/alerts/pagerduty', {
    schema: { ...tags('intake'), summary: 'PagerDuty Events API v2', body: S.PagerDutyBody, response: { 202: S.PagerDutyReply } },
    preValidation: guard(WRITE, 'post alerts', { routingKey: true }),
  }, async (req, reply) => {
    const { input, dedupKey } = fromPagerDuty(service.cfg, req.body as S.PagerDutyBody);
    const [r] = await service.submit([input], req.actor!);
    const what = r.action === 'none' ? 'Event processed (no open incident with this dedup_key)' : 'Event processed';
    return reply.code(202).send({ status: 'success', message: what, dedup_key: dedupKey });
  });

  app.post('/v1/alerts/grafana-oncall', {
    schema: { ...tags('intake'), summary: "Grafana OnCall's formatted webhook", body: S.GrafanaOnCallBody },
    preValidation: guard(WRITE, 'post alerts'),
  }, async (req) => {
    const [r] = await service.submit([fromGrafanaOnCall(service.cfg, req.body as S.GrafanaOnCallBody)], req.actor!);
    return view(req, r);
  });

  // ---- actions ------------------------------------------------------------------------------

  for (const action of ['ack', 'resolve', 'release'] as const) {
    app.post(`/v1/incidents/:id/${action}`, {
      schema: { ...tags('actions'), summary: `${action} an incident`, params: S.IncidentParams, body: S.ActionBody },
      preValidation: guard(RESPOND, `${action} incidents`),
    }, async (req) => {
      const id = (req.params as { id: string }).id;
      const b = req.body as S.ActionBody;
      const input: Input = action === 'ack'
        ? { kind: 'ack', incident: id, ...(b.engineer !== undefined ? { engineer: b.engineer } : {}) }
        : { kind: action, incident: id, ...(b.reason !== undefined ? { reason: b.reason } : {}) };
      const [r] = await service.submit([input], req.actor!);
      return view(req, r.action === 'none' ? { incident: id, action: 'none', detail: 'already acknowledged' } : r);
    });
  }

  app.post('/v1/incidents/:id/reassign', {
    schema: { ...tags('actions'), summary: 'Reassign an incident to a team (and engineer)', params: S.IncidentParams, body: S.ReassignBody },
    preValidation: guard(WRITE, 'reassign incidents'),
  }, async (req) => {
    const b = req.body as S.ReassignBody;
    const [r] = await service.submit([{ kind: 'reassign', incident: (req.params as { id: string }).id, team: b.team, ...(b.engineer !== undefined ? { engineer: b.engineer } : {}), reason: b.reason ?? 'reassigned' }], req.actor!);
    return view(req, r);
  });

  app.put('/v1/engineers/:id/presence', {
    schema: { ...tags('actions'), summary: "Override an engineer's presence (or follow the schedule again)", params: S.EngineerParams, body: S.PresenceBody },
    preValidation: guard(RESPOND, 'set presence'),
  }, async (req) => {
    const b = req.body as S.PresenceBody;
    let untilMs: number | undefined;
    if (b.until !== undefined) {
      const dt = DateTime.fromISO(b.until, { setZone: true });
      if (!dt.isValid) throw new ServeError(400, `body.until: ${JSON.stringify(b.until)} is not an ISO-8601 instant`);
      untilMs = dt.toMillis();
    }
    const [r] = await service.submit([{ kind: 'presence', engineer: (req.params as { id: string }).id, presence: b.presence, ...(untilMs !== undefined ? { untilMs } : {}), ...(b.reason !== undefined ? { reason: b.reason } : {}) }], req.actor!);
    return r;
  });

  app.post('/v1/clock', {
    schema: { ...tags('admin'), summary: 'Move a virtual clock forward (drills, tests)', body: S.ClockBody },
    preValidation: guard(['admin'], 'move the clock'),
  }, async (req) => {
    const b = req.body as S.ClockBody;
    let to: number;
    if (b.to !== undefined) {
      const dt = DateTime.fromISO(b.to, { setZone: true });
      if (!dt.isValid) throw new ServeError(400, `body.to: ${JSON.stringify(b.to)} is not an ISO-8601 instant`);
      to = dt.toMillis();
    } else if (b.advance !== undefined) {
      const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(b.advance)!;
      to = service.clock.now() + Number(m[1]) * UNIT_MS[m[2]];
    } else throw new ServeError(400, 'body: expected "to" (an instant) or "advance" (a duration such as 16m)');
    return service.moveClock(to, req.actor!);
  });

  // ---- views --------------------------------------------------------------------------------

  const view = (req: FastifyRequest, r: Record<string, unknown>) => {
    if (!isViewer(req)) return r;
    const out: Record<string, unknown> = { ...r, engineer: pseudonym(r.engineer as string | undefined) };
    delete out.decision;
    return out;
  };

  app.get('/v1/incidents', {
    schema: { ...tags('views'), summary: 'Incidents (default: all; ?state=open)', querystring: S.IncidentsQuery },
    preValidation: guard(READ, 'read incidents'),
  }, async (req) => {
    const state = (req.query as { state?: string }).state;
    const list = service.core.incidents(state === 'open' || state === 'resolved' ? state : undefined);
    if (!isViewer(req)) return { incidents: list };
    return { incidents: list.map((i) => ({ ...i, engineer: pseudonym(i.engineer), reason: '', details: undefined })) };
  });

  app.get('/v1/incidents/:id', {
    schema: { ...tags('views'), summary: 'One incident', params: S.IncidentParams },
    preValidation: guard(READ, 'read incidents'),
  }, async (req) => {
    const id = (req.params as { id: string }).id;
    // past the retention an incident has left memory: its last view is read from the database
    const i = service.core.incident(id) ?? (service.core.wasTrimmed(id) ? service.journal.resolvedIncident(id) : undefined);
    if (!i) throw new ServeError(404, `incident "${id}": no such incident`);
    return isViewer(req) ? { ...i, engineer: pseudonym(i.engineer), reason: '' } : i;
  });

  app.get('/v1/engineers', {
    schema: { ...tags('views'), summary: 'Engineers: presence, load, capacity, time on call and interruptions this week' },
    preValidation: guard(READ, 'read engineers'),
  }, async (req) => {
    const list = service.core.engineers();
    if (!isViewer(req)) return { engineers: list };
    return { engineers: list.map((e) => ({ ...e, id: pseudonym(e.id)!, incidents: e.incidents.length > 0 ? [`${e.incidents.length} incidents`] : [] })) };
  });

  app.get('/v1/teams', { schema: { ...tags('views'), summary: 'Teams: open, queued, saturation, present' }, preValidation: guard(READ, 'read teams') }, async () => ({
    teams: service.core.teams(),
  }));

  app.get('/v1/status', { schema: { ...tags('views'), summary: 'Service clock, journal, counters' }, preValidation: guard(READ, 'read status') }, async () => {
    const c = service.core.counters;
    return {
      now: new Date(service.clock.now()).toISOString(), virtual: service.clock.virtual, journal: service.journal.size,
      replayed: service.replay, opened: c.opened, resolved: c.resolved, pages: c.pages,
      mttaMinutes: c.acknowledged > 0 ? c.ackMinutes / c.acknowledged : 0,
    };
  });

  app.get('/v1/audit', {
    schema: { ...tags('views'), summary: 'The audit trail: who changed what, when and why', querystring: S.AuditQuery },
    preValidation: guard(WRITE, 'read the audit trail'),
  }, async (req) => {
    const q = req.query as { since?: string; incident?: string; engineer?: string; limit?: string };
    let sinceMs: number | undefined;
    if (q.since !== undefined) {
      const dt = DateTime.fromISO(q.since, { setZone: true });
      if (!dt.isValid) throw new ServeError(400, `querystring.since: ${JSON.stringify(q.since)} is not an ISO-8601 instant`);
      sinceMs = dt.toMillis();
    }
    // the trail lives in the database (written with the entries that made it), never in memory
    return { audit: service.journal.audit({ sinceMs, incident: q.incident, engineer: q.engineer, limit: q.limit !== undefined ? Number(q.limit) : 10000 }) };
  });

  app.get('/metrics', { schema: { ...tags('views'), summary: 'Prometheus text format' }, preValidation: guard(READ, 'read metrics') }, async (_req, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(prometheus(service.core, service.journal, { seq: service.snapshotSeq, replayed: service.replay.entries })));

  app.get('/v1/events', {
    schema: { ...tags('views'), summary: 'Server-sent events: every decision, page, acknowledgement, escalation, resolution, presence change' },
    preValidation: guard(READ, 'read events'),
  }, (req, reply) => {
    const viewer = isViewer(req);
    const fmt = (e: LiveEvent) => {
      const o = viewer ? { ...e, engineer: pseudonym(e.engineer), detail: '', decision: undefined } : e;
      return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(o)}\n\n`;
    };
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': incisim serve event stream\n\n');
    const last = Number(req.headers['last-event-id']);
    if (Number.isFinite(last)) for (const e of service.recent) if (e.seq > last) res.write(fmt(e));
    const off = service.subscribe((events) => {
      let s = '';
      for (const e of events) s += fmt(e);
      res.write(s);
    });
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15000);
    req.raw.on('close', () => {
      clearInterval(beat);
      off();
    });
  });

  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(dashboardHtml(service.cfg.scenario.name)));
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true, journal: service.journal.size }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  data?: unknown;
}

/** One line for the first schema error: "body.alerts[0].status: "x"; expected one of firing, resolved". */
export function validationLine(context: string, errors: AjvError[]): string {
  const e = errors[0];
  const path = context + e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
  const value = e.data === undefined ? 'missing' : JSON.stringify(e.data)?.slice(0, 80);
  switch (e.keyword) {
    case 'required':
      return `${path}.${String(e.params.missingProperty)}: missing`;
    case 'additionalProperties':
      return `${path}.${String(e.params.additionalProperty)}: unknown field`;
    case 'enum':
      return `${path}: ${value}; expected one of ${(e.params.allowedValues as string[]).join(', ')}`;
    case 'type':
      return `${path}: ${value}; expected ${String(e.params.type)}`;
    default:
      return `${path}: ${value}; ${e.message ?? 'invalid'}`;
  }
}
