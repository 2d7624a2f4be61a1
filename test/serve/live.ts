/**
 * Test helpers: a real `incisim serve` (Service + fastify) on a loopback port of 127.0.0.1, on a
 * fresh database, with a virtual clock that stands still unless moved (POST /v1/clock).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Service } from '../../src/serve/service.js';
import { buildServer } from '../../src/serve/server.js';
import type { Role } from '../../src/serve/inputs.js';

export const LIVE = 'test/serve/live.yaml';
/** Monday 2026-11-02 10:00 UTC (London is on UTC in November): kim is on call for network (from 09:00), dba on shift. */
export const MONDAY_10 = '2026-11-02T10:00:00Z';

export interface Reply {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface Live {
  url: string;
  db: string;
  service: Service;
  app: FastifyInstance;
  admin: string;
  token(role: Role, engineer?: string): string;
  call(method: string, path: string, body?: unknown, token?: string | null, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: unknown, token?: string | null): Promise<Reply>;
  get(path: string, token?: string | null): Promise<Reply>;
  advance(by: string): Promise<Reply>;
  close(): Promise<void>;
}

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'incisim-serve-')), 'live.db');
}

export async function startLive(o: { scenario?: string; clock?: string; rate?: number; db?: string; bodyLimit?: number; snapshotEvery?: number; retainMs?: number } = {}): Promise<Live> {
  const db = o.db ?? tempDb();
  const service = new Service({ scenario: o.scenario ?? LIVE, db, clock: o.clock ?? MONDAY_10, rate: o.rate ?? 0, snapshotEvery: o.snapshotEvery, retainMs: o.retainMs });
  const app = await buildServer(service, { bodyLimit: o.bodyLimit });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = (role: Role, engineer?: string) => service.journal.createToken(role, engineer);
  const admin = token('admin');
  const call = async (method: string, path: string, body?: unknown, tok: string | null = admin, headers: Record<string, string> = {}): Promise<Reply> => {
    const h: Record<string, string> = { ...headers };
    if (tok !== null) h.authorization = `Bearer ${tok}`;
    if (body !== undefined && h['content-type'] === undefined) h['content-type'] = 'application/json';
    const r = await fetch(url + path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch { /* not JSON (metrics, html) */ }
    return { status: r.status, body: parsed, text, headers: r.headers };
  };
  return {
    url, db, service, app, admin, token, call,
    post: (p, b, t) => call('POST', p, b ?? {}, t),
    get: (p, t) => call('GET', p, undefined, t),
    advance: (by) => call('POST', '/v1/clock', { advance: by }),
    close: async () => {
      await app.close();
      service.close();
    },
  };
}
