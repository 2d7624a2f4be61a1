/**
 * The HTTP API's request and response schemas, in TypeBox (as the scenario schema is): fastify
 * validates requests with them and @fastify/swagger publishes them at /openapi.json. Webhook
 * payloads accept unknown fields (senders add fields between versions).
 */
import { Type, type Static, type TUnsafe } from '@sinclair/typebox';

/** A string enum as JSON Schema `enum` (errors then list the allowed values). */
function Enum<T extends string>(values: readonly T[], description?: string): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
}

const Str = Type.String({ minLength: 1 });
const Labels = Type.Record(Type.String(), Type.String());
const open = { additionalProperties: true } as const;
const strict = { additionalProperties: false } as const;

export const ErrorReply = Type.Object({ error: Type.String({ description: 'one line: the field, the bad value, what was expected' }) }, { $id: 'Error' });

export const IncidentBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 1000 }),
    team: Type.Optional(Str),
    priority: Type.Optional(Str),
    severity: Type.Optional(Str),
    category: Type.Optional(Str),
    skills: Type.Optional(Type.Array(Str, { maxItems: 50 })),
    effortHours: Type.Optional(Type.Number({ minimum: 0 })),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'deduplication key: a second open incident with the same key is not created' })),
    labels: Type.Optional(Labels),
  },
  { ...strict, description: "incisim's own incident form; without team/priority the scenario's serve mapping places it from labels and severity" },
);
export type IncidentBody = Static<typeof IncidentBody>;

export const AlertmanagerAlert = Type.Object(
  {
    status: Enum(['firing', 'resolved'] as const),
    labels: Labels,
    annotations: Type.Optional(Labels),
    startsAt: Type.Optional(Type.String()),
    endsAt: Type.Optional(Type.String()),
    generatorURL: Type.Optional(Type.String()),
    fingerprint: Type.Optional(Type.String()),
  },
  open,
);

export const AlertmanagerBody = Type.Object(
  {
    version: Type.Optional(Type.String()),
    groupKey: Type.Optional(Type.String()),
    truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
    status: Enum(['firing', 'resolved'] as const),
    receiver: Type.Optional(Type.String()),
    groupLabels: Type.Optional(Labels),
    commonLabels: Type.Optional(Labels),
    commonAnnotations: Type.Optional(Labels),
    externalURL: Type.Optional(Type.String()),
    alerts: Type.Array(AlertmanagerAlert, { maxItems: 10000 }),
  },
  { ...open, description: 'Prometheus Alertmanager webhook, version 4' },
);
export type AlertmanagerBody = Static<typeof AlertmanagerBody>;

export const PagerDutyBody = Type.Object(
  {
    routing_key: Type.Optional(Type.String()),
    event_action: Enum(['trigger', 'acknowledge', 'resolve'] as const),
    dedup_key: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    payload: Type.Optional(Type.Object(
      {
        summary: Type.String({ minLength: 1, maxLength: 1024 }),
        source: Type.String({ minLength: 1 }),
        severity: Enum(['critical', 'error', 'warning', 'info'] as const),
        timestamp: Type.Optional(Type.String()),
        component: Type.Optional(Type.String()),
        group: Type.Optional(Type.String()),
        class: Type.Optional(Type.String()),
        custom_details: Type.Optional(Type.Unknown()),
      },
      open,
    )),
    client: Type.Optional(Type.String()),
    client_url: Type.Optional(Type.String()),
  },
  { ...open, description: 'PagerDuty Events API v2 event' },
);
export type PagerDutyBody = Static<typeof PagerDutyBody>;

export const PagerDutyReply = Type.Object({ status: Type.String(), message: Type.String(), dedup_key: Type.String() });

export const GrafanaOnCallBody = Type.Object(
  {
    alert_uid: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    state: Enum(['alerting', 'ok'] as const),
    message: Type.Optional(Type.String()),
    image_url: Type.Optional(Type.String()),
    link_to_upstream_details: Type.Optional(Type.String()),
  },
  { ...open, description: "Grafana OnCall's formatted webhook" },
);
export type GrafanaOnCallBody = Static<typeof GrafanaOnCallBody>;

export const IncidentParams = Type.Object({ id: Str }, strict);
export const EngineerParams = Type.Object({ id: Str }, strict);

export const ActionBody = Type.Object(
  {
    engineer: Type.Optional(Str),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  strict,
);
export type ActionBody = Static<typeof ActionBody>;

export const ReassignBody = Type.Object(
  { team: Str, engineer: Type.Optional(Str), reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  strict,
);
export type ReassignBody = Static<typeof ReassignBody>;

export const PresenceBody = Type.Object(
  {
    presence: Enum(['on-shift', 'on-call', 'off', 'away', 'vacation', 'meeting', 'war-room', 'schedule'] as const, 'an override, or "schedule" to follow the schedule again'),
    until: Type.Optional(Type.String({ description: 'ISO-8601 instant at which the override ends' })),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  strict,
);
export type PresenceBody = Static<typeof PresenceBody>;

export const ClockBody = Type.Object(
  {
    to: Type.Optional(Type.String({ description: 'ISO-8601 instant' })),
    advance: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?[smhdw]$', description: 'e.g. "16m", "2h"' })),
  },
  strict,
);
export type ClockBody = Static<typeof ClockBody>;

export const IncidentsQuery = Type.Object(
  { state: Type.Optional(Enum(['open', 'resolved', 'all'] as const)) },
  strict,
);

export const AuditQuery = Type.Object(
  {
    since: Type.Optional(Type.String({ description: 'ISO-8601 instant' })),
    incident: Type.Optional(Str),
    engineer: Type.Optional(Str),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  },
  strict,
);
