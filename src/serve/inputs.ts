/**
 * What the live service journals: every accepted input, in the normalised form the core applies
 * (src/serve/core.ts). Webhook payloads are turned into these by src/serve/intake.ts before
 * anything is written, so replaying the journal needs no payload parsing.
 */
import type { Presence } from '../engine/types.js';

/** Where an incident came from. */
export type Source = 'api' | 'alertmanager' | 'pagerduty' | 'grafana-oncall';

export interface OpenInput {
  kind: 'open';
  source: Source;
  /** deduplication key (fingerprint, dedup_key, alert_uid, or the caller's own) */
  key?: string;
  title: string;
  team: string;
  priority: string;
  category?: string;
  skills?: string[];
  effortHours?: number;
  /** how the mapping placed it ("rule 0", "default team", "request") */
  by: string;
  details?: Record<string, string>;
}

export type Input =
  | OpenInput
  /** the alert with this key is resolved (Alertmanager "resolved", PagerDuty resolve, Grafana "ok") */
  | { kind: 'resolve-key'; source: Source; key: string }
  /** PagerDuty acknowledge by dedup key: the incident's assignee acknowledges */
  | { kind: 'ack-key'; source: Source; key: string }
  | { kind: 'ack'; incident: string; engineer?: string }
  | { kind: 'resolve'; incident: string; reason?: string }
  | { kind: 'release'; incident: string; reason?: string }
  | { kind: 'reassign'; incident: string; team: string; engineer?: string; reason: string }
  /** a presence override; 'schedule' clears it */
  | { kind: 'presence'; engineer: string; presence: Presence | 'schedule'; untilMs?: number; reason?: string }
  /** the virtual clock moved to `toMs` (drills and tests) */
  | { kind: 'clock'; toMs: number }
  /** a refused attempt, kept for the audit trail; changes nothing */
  | { kind: 'denied'; action: string; incident?: string; engineer?: string; reason: string };

/** Who sent an input: a token's role, its id and, for responders, their engineer id. */
export interface Actor {
  role: Role;
  token: string;
  engineer?: string;
}

export type Role = 'admin' | 'dispatcher' | 'responder' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'dispatcher', 'responder', 'viewer'];

/** The system itself (timers: escalation, schedules). */
export const SYSTEM: Actor = { role: 'admin', token: 'system' };

/** A refusal or a bad request: an HTTP status and a one-line reason. */
export class ServeError extends Error {
  /** the input refused, when there was one */
  input?: Input;
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
