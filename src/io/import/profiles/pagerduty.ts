import { anyOf, dateParser } from '../dates.js';
import type { ImportProfile } from '../profile.js';
import { oneRowSink, plainPriority } from './onerow.js';

const seconds = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) / 60 : undefined);

/**
 * PagerDuty incidents CSV export (one row per incident). Columns: `id` (else `incident_number`)
 * and `created_on` (or `created_at`) required; optional `acknowledged_on` / `first_acknowledged_on`
 * (else created + `seconds_to_first_ack`), `resolved_on` / `resolved_at` (else created +
 * `seconds_to_resolve`), `urgency` (high/low, kept as is; without a priority, high urgency reads as
 * P2 and low as P4), `priority` / `priority_name` (P1..P5),
 * group = `escalation_policy_name` / `escalation_policy`, category = `service_name` / `service`,
 * assignee = `assigned_to_user_names` / `assigned_to`. Dates: ISO 8601 or `yyyy-MM-dd HH:mm:ss`
 * (read in the stated zone when they carry no offset).
 */
export const pagerdutyProfile: ImportProfile = {
  name: 'pagerduty',
  detect: (header) => header.includes('created_on') && (header.includes('incident_number') || header.includes('urgency')),
  start(header, ctx) {
    return oneRowSink(header, ctx, {
      profile: 'pagerduty',
      columns: {
        id: ['id', 'incident_number'],
        openedAt: ['created_on', 'created_at'],
        acknowledgedAt: ['acknowledged_on', 'first_acknowledged_on'],
        resolvedAt: ['resolved_on', 'resolved_at'],
        urgency: ['urgency'],
        priority: ['priority', 'priority_name'],
        group: ['escalation_policy_name', 'escalation_policy'],
        category: ['service_name', 'service'],
        assignee: ['assigned_to_user_names', 'assigned_to'],
      },
      dates: anyOf([dateParser('iso', ctx.zone), dateParser('sql', ctx.zone)]),
      priority: { map: plainPriority, expected: 'P1..P5' },
      priorityFrom: { field: 'urgency', map: (u) => ({ high: 'P2', low: 'P4' })[u.trim().toLowerCase()] },
      offsets: {
        acknowledgedAt: { columns: ['seconds_to_first_ack'], parse: seconds, format: 'seconds' },
        resolvedAt: { columns: ['seconds_to_resolve'], parse: seconds, format: 'seconds' },
      },
    });
  },
};
