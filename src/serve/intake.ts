/**
 * Webhook payloads → journal inputs. Each format's attributes are flattened into one string map
 * that the scenario's `serve` mapping reads (src/serve/config.ts `place`):
 * - Alertmanager (v4): the alert's labels (commonLabels underneath); title from
 *   annotations.summary, else the alertname; key = fingerprint (else a hash of the labels, as
 *   Alertmanager computes it); status "resolved" resolves the incident with that key.
 * - PagerDuty Events API v2: severity, source, component, group, class, and string
 *   custom_details; title = payload.summary; key = dedup_key (a new one when a trigger has none);
 *   event_action acknowledge / resolve act on the incident with that key.
 * - Grafana OnCall formatted webhook: title, message, state; key = alert_uid; state "ok" resolves.
 */
import { createHash, randomUUID } from 'node:crypto';
import { place, type LiveConfig } from './config.js';
import type { Input, OpenInput, Source } from './inputs.js';
import type { AlertmanagerBody, GrafanaOnCallBody, IncidentBody, PagerDutyBody } from './schemas.js';
import { ServeError } from './inputs.js';

function opened(cfg: LiveConfig, source: Source, title: string, key: string | undefined, attrs: Record<string, string | undefined>, details?: Record<string, string>): OpenInput {
  const p = place(cfg, attrs);
  const input: OpenInput = { kind: 'open', source, title, team: p.team, priority: p.priority, by: p.by };
  if (key !== undefined) input.key = key;
  if (p.category !== undefined) input.category = p.category;
  if (p.skills !== undefined) input.skills = p.skills;
  if (details && Object.keys(details).length > 0) input.details = details;
  return input;
}

/** incisim's own form: team and priority as given (checked by the core), else from the mapping. */
export function fromIncident(cfg: LiveConfig, b: IncidentBody): Input {
  const attrs: Record<string, string | undefined> = { ...(b.labels ?? {}), title: b.title };
  if (b.severity !== undefined) attrs.severity = b.severity;
  if (b.category !== undefined) attrs.category = b.category;
  const p = place(cfg, attrs);
  const input: OpenInput = {
    kind: 'open', source: 'api', title: b.title, team: b.team ?? p.team, priority: b.priority ?? p.priority,
    by: b.team !== undefined ? 'request' : p.by,
  };
  if (b.key !== undefined) input.key = b.key;
  const category = b.category ?? p.category;
  if (category !== undefined) input.category = category;
  const skills = b.skills ?? p.skills;
  if (skills !== undefined) input.skills = skills;
  if (b.effortHours !== undefined) input.effortHours = b.effortHours;
  if (b.labels && Object.keys(b.labels).length > 0) input.details = b.labels;
  return input;
}

export function fromAlertmanager(cfg: LiveConfig, b: AlertmanagerBody): Input[] {
  return b.alerts.map((a, i) => {
    const labels = { ...(b.commonLabels ?? {}), ...a.labels };
    const key = `am:${a.fingerprint ?? fingerprint(a.labels)}`;
    if (a.status === 'resolved') return { kind: 'resolve-key', source: 'alertmanager', key };
    const title = a.annotations?.summary ?? b.commonAnnotations?.summary ?? labels.alertname;
    if (title === undefined) throw new ServeError(400, `body.alerts[${i}].labels.alertname: missing, and no annotations.summary; expected a title for the incident`);
    return opened(cfg, 'alertmanager', title, key, labels, labels);
  });
}

export function fromPagerDuty(cfg: LiveConfig, b: PagerDutyBody): { input: Input; dedupKey: string } {
  if (b.event_action === 'trigger') {
    if (b.payload === undefined) throw new ServeError(400, 'body.payload: missing; a trigger needs payload.summary, payload.source and payload.severity');
    const dedupKey = b.dedup_key ?? randomUUID().replace(/-/g, '');
    const attrs: Record<string, string | undefined> = {
      severity: b.payload.severity, source: b.payload.source, component: b.payload.component, group: b.payload.group,
      class: b.payload.class, summary: b.payload.summary,
    };
    const details: Record<string, string> = { source: b.payload.source, severity: b.payload.severity };
    const cd = b.payload.custom_details;
    if (cd && typeof cd === 'object' && !Array.isArray(cd)) {
      for (const [k, v] of Object.entries(cd)) if (typeof v === 'string' && !(k in attrs)) attrs[k] = v;
    }
    for (const k of ['component', 'group', 'class'] as const) if (b.payload[k] !== undefined) details[k] = b.payload[k]!;
    return { input: opened(cfg, 'pagerduty', b.payload.summary, `pd:${dedupKey}`, attrs, details), dedupKey };
  }
  if (b.dedup_key === undefined) throw new ServeError(400, `body.dedup_key: missing; expected the dedup_key of the event to ${b.event_action}`);
  const key = `pd:${b.dedup_key}`;
  return { input: b.event_action === 'resolve' ? { kind: 'resolve-key', source: 'pagerduty', key } : { kind: 'ack-key', source: 'pagerduty', key }, dedupKey: b.dedup_key };
}

export function fromGrafanaOnCall(cfg: LiveConfig, b: GrafanaOnCallBody): Input {
  const key = `gr:${b.alert_uid}`;
  if (b.state === 'ok') return { kind: 'resolve-key', source: 'grafana-oncall', key };
  const attrs: Record<string, string | undefined> = { title: b.title, message: b.message, state: b.state };
  for (const [k, v] of Object.entries(b as Record<string, unknown>)) if (typeof v === 'string' && !(k in attrs)) attrs[k] = v;
  return opened(cfg, 'grafana-oncall', b.title, key, attrs, b.message !== undefined ? { message: b.message.slice(0, 2000) } : undefined);
}

/** Alertmanager's fingerprint stand-in: a hash of the sorted label set. */
function fingerprint(labels: Record<string, string>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(labels).sort()) h.update(`${k}\u0000${labels[k]}\u0001`);
  return h.digest('hex').slice(0, 16);
}
