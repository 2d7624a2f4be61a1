/**
 * The JSON-lines event format of `incisim assign` (and of any system feeding the engine as a
 * stream): one object per line, `type` plus fields, `at` in minutes from an origin of the
 * caller's choosing. Parsing turns a line into an engine call or a one-line UserError naming the
 * line and field; applying runs it and returns the decisions it produced.
 *
 *   {"type":"open","at":0,"id":"INC1","priority":"P2","team":"desk","skills":["net"],"effortHours":1.5,"slaDueAt":480}
 *   {"type":"ack","at":3,"incident":"INC1","engineer":"ana"}
 *   {"type":"resolve","at":95,"incident":"INC1"}
 *   {"type":"release","at":40,"incident":"INC1"}
 *   {"type":"reassign","at":60,"incident":"INC1","team":"network","engineer":"raj","reason":"needs L2"}
 *   {"type":"presence","at":120,"engineer":"ana","presence":"away"}
 *   {"type":"teams","at":130,"engineer":"raj","teams":["network","desk"]}
 */
import { UserError } from '../errors.js';
import type { AssignmentEngine } from './engine.js';
import { PRESENCES, type Decision, type Presence, type Ticket } from './types.js';

export type EngineEvent =
  | { type: 'open'; at: number; ticket: Ticket }
  | { type: 'ack'; at: number; incident: string; engineer: string }
  | { type: 'resolve' | 'release'; at: number; incident: string }
  | { type: 'reassign'; at: number; incident: string; team: string; engineer?: string; reason: string }
  | { type: 'presence'; at: number; engineer: string; presence: Presence }
  | { type: 'teams'; at: number; engineer: string; teams: string[] };

const TYPES = ['open', 'ack', 'resolve', 'release', 'reassign', 'presence', 'teams'];

/** Parses one line; `where` (e.g. "events.jsonl:7") starts every error message. */
export function parseEvent(line: string, where: string): EngineEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new UserError(`${where}: not valid JSON (${(e as Error).message}); expected one JSON object per line`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${where}: ${truncate(line)} is not a JSON object`);
  const o = raw as Record<string, unknown>;
  const str = (k: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v === '') throw new UserError(`${where}: ${k}: ${v === undefined ? 'missing' : shown(v)}; expected a non-empty string`);
    return v;
  };
  const num = (k: string, dflt?: number): number => {
    const v = o[k];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserError(`${where}: ${k}: ${v === undefined ? 'missing' : shown(v)}; expected a number`);
    return v;
  };
  const strings = (k: string): string[] | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new UserError(`${where}: ${k}: ${shown(v)}; expected a list of strings`);
    return v as string[];
  };
  const type = o.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) throw new UserError(`${where}: type: ${shown(type)}; expected one of ${TYPES.join(', ')}`);
  const at = num('at');
  switch (type) {
    case 'open': {
      const effortHours = num('effortHours', 1);
      if (effortHours < 0) throw new UserError(`${where}: effortHours: ${effortHours}; expected a number ≥ 0`);
      const ticket: Ticket = { id: str('id'), priority: str('priority'), team: str('team'), effortHours, openedAt: num('openedAt', at) };
      const skills = strings('skills');
      if (skills) ticket.skills = skills;
      if (o.slaDueAt !== undefined) ticket.slaDueAt = num('slaDueAt');
      if (o.category !== undefined) ticket.category = str('category');
      return { type, at, ticket };
    }
    case 'ack':
      return { type, at, incident: str('incident'), engineer: str('engineer') };
    case 'resolve':
    case 'release':
      return { type, at, incident: str('incident') };
    case 'reassign':
      return { type, at, incident: str('incident'), team: str('team'), engineer: o.engineer === undefined ? undefined : str('engineer'), reason: o.reason === undefined ? 'reassigned' : str('reason') };
    case 'presence': {
      const p = str('presence');
      if (!(PRESENCES as readonly string[]).includes(p)) throw new UserError(`${where}: presence: ${shown(p)}; expected one of ${PRESENCES.join(', ')}`);
      return { type, at, engineer: str('engineer'), presence: p as Presence };
    }
    default: {
      const teams = strings('teams');
      if (!teams || teams.length === 0) throw new UserError(`${where}: teams: ${shown(o.teams)}; expected a non-empty list of team ids`);
      return { type: 'teams', at, engineer: str('engineer'), teams };
    }
  }
}

/** Applies an event; returns the decisions it produced (none for an acknowledgement). */
export function applyEvent(engine: AssignmentEngine, ev: EngineEvent): readonly Decision[] {
  switch (ev.type) {
    case 'open': return [engine.decide(ev.ticket, ev.at)];
    case 'ack': engine.acknowledge(ev.incident, ev.engineer, ev.at); return [];
    case 'resolve': return engine.resolve(ev.incident, ev.at);
    case 'release': return engine.release(ev.incident, ev.at);
    case 'reassign': return engine.reassign(ev.incident, { team: ev.team, engineerId: ev.engineer }, ev.at, ev.reason);
    case 'presence': return engine.setPresence(ev.engineer, ev.presence, ev.at);
    case 'teams': return engine.setTeams(ev.engineer, ev.teams, ev.at);
  }
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** A value as a message shows it: its JSON, cut to 40 characters (a line may hold kilobytes). */
function shown(v: unknown): string {
  return truncate(JSON.stringify(v) ?? String(v));
}
