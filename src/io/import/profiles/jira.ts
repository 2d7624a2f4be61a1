import { anyOf, dateParser } from '../dates.js';
import type { ImportProfile } from '../profile.js';
import { oneRowSink, plainPriority } from './onerow.js';

const JIRA_PRIORITY: Record<string, string> = { highest: 'P1', high: 'P2', medium: 'P3', low: 'P4', lowest: 'P5' };

/**
 * Parses a Jira duration ("1w 2d 3h 30m", "45m", "2h") or a plain number of minutes into minutes.
 * A day is 24 h and a week 7 days (SLA clocks in exports are elapsed calendar time).
 */
export function jiraDuration(s: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const units: Record<string, number> = { w: 10080, d: 1440, h: 60, m: 1, s: 1 / 60 };
  const parts = s.trim().split(/\s+/);
  let total = 0;
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)([wdhms])$/.exec(p);
    if (m === null) return undefined;
    total += Number(m[1]) * units[m[2]];
  }
  return total;
}

/**
 * Jira Service Management CSV export (one row per issue). Columns: `Issue key` (id) and
 * `Created` required; optional `Resolved`, `Priority` (Highest→P1, High→P2, Medium→P3, Low→P4,
 * Lowest→P5, or P1..P5), `Assignee`, group from the first of `Team`, `Custom field (Team)`,
 * `Component/s`; category from `Custom field (Request Type)`, `Request Type` or `Issue Type`;
 * acknowledgement = Created + `Time to first response` (or `Custom field (Time to first response)`)
 * read as elapsed time ("2h 30m" or minutes). Dates: ISO 8601, Jira's default `d/MMM/yy h:mm a`
 * ("15/Jan/24 9:05 AM"), or `yyyy-MM-dd HH:mm`, read in the stated zone when they carry no offset.
 */
export const jiraProfile: ImportProfile = {
  name: 'jira',
  detect: (header) => header.includes('Issue key') && header.includes('Created'),
  start(header, ctx) {
    return oneRowSink(header, ctx, {
      profile: 'jira',
      columns: {
        id: ['Issue key'],
        openedAt: ['Created'],
        resolvedAt: ['Resolved'],
        priority: ['Priority'],
        assignee: ['Assignee'],
        group: ['Team', 'Custom field (Team)', 'Component/s'],
        category: ['Custom field (Request Type)', 'Request Type', 'Issue Type'],
      },
      dates: anyOf([dateParser('iso', ctx.zone), dateParser('d/MMM/yy h:mm a', ctx.zone), dateParser('sql', ctx.zone)]),
      priority: {
        map: (s) => JIRA_PRIORITY[s.toLowerCase()] ?? plainPriority(s),
        expected: 'Highest, High, Medium, Low, Lowest or P1..P5',
      },
      offsets: {
        acknowledgedAt: { columns: ['Time to first response', 'Custom field (Time to first response)'], parse: jiraDuration, format: '"1d 2h 30m" or minutes' },
      },
    });
  },
};
