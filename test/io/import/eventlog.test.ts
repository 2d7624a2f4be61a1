/**
 * Event logs: the generic profile's event-log form (a `timestamp` column, states or activities read
 * as phases), XES (plain or gzip, detected by content), default phases, and what import says it
 * read as what.
 */
import { describe, expect, it } from 'vitest';
import { loadHistory } from '../../../src/io/import/index.js';
import { defaultPhase } from '../../../src/io/import/phases.js';
import { file } from './helpers.js';

const H = 3_600_000;

describe('default phases', () => {
  it('recognise ServiceNow states, help-desk statuses, XES lifecycle transitions and common activity names', () => {
    const cases: [string, string | undefined, string | undefined][] = [
      ['New', undefined, 'queued'], ['Active', undefined, 'active'], ['Awaiting User Info', undefined, 'pending'],
      ['Awaiting Vendor', undefined, 'pending'], ['Resolved', undefined, 'resolved'], ['Closed', undefined, 'closed'],
      ['Queued/Awaiting Assignment', undefined, 'queued'], ['Accepted/In Progress', undefined, 'active'], ['Accepted/Wait - User', undefined, 'pending'],
      ['Completed/Resolved', undefined, 'resolved'], ['Completed/Closed', undefined, 'closed'], ['Assign to engineer', undefined, 'active'],
      ['Take in charge ticket', undefined, 'active'], ['Wait', undefined, 'pending'], ['Resolve ticket', undefined, 'resolved'], ['Close', undefined, 'closed'],
      ['Review', 'start', 'active'], ['Review', 'suspend', 'pending'], ['Review', 'complete', undefined], ['-100', undefined, undefined],
    ];
    for (const [v, t, phase] of cases) expect([v, t, defaultPhase(v, t)]).toEqual([v, t, phase]);
  });
});

describe('generic profile, event-log form', () => {
  const map = file('events.yaml', [
    'columns: { id: case, timestamp: time, state: status, assignee: who, group: team, priority: sev }',
    'delimiter: ";"',
    'defaultPriority: P3',
    'priorities: { high: P2, low: P4 }',
    'phases: { "Parked": pending }',
  ]);
  const log = file('events.csv', [
    'case;time;status;who;team;sev',
    'T1;2010-01-13 08:00:00+02:00;Logged;;desk;high',
    'T1;2010-01-13 08:30:00+02:00;Working;ann;desk;',
    'T1;2010-01-13 09:00:00+02:00;Parked;ann;desk;',
    'T1;2010-01-13 11:00:00+02:00;Working;bob;net;',
    'T2;2010-01-13T09:00:00Z;Logged;;desk;',
    'T1;2010-01-13 12:00:00+02:00;Resolved;bob;net;',
    'T2;2010-01-13T09:10:00Z;Solved;ann;desk;',
  ]);

  it('reads one row per event (semicolons, ISO dates with a space and an offset), derives the incident and says what it read as what', async () => {
    const { incidents, summary } = await loadHistory(log, { mapping: map });
    expect(summary).toMatchObject({ profile: 'generic', rowsRead: 7, incidentsKept: 2, rowsSkipped: 0 });
    expect(summary.phases).toEqual({
      Logged: { phase: 'queued', events: 2, from: 'default' },
      Working: { phase: 'active', events: 2, from: 'default' },
      Parked: { phase: 'pending', events: 1, from: 'mapping' },
      Resolved: { phase: 'resolved', events: 1, from: 'default' },
      Solved: { phase: 'resolved', events: 1, from: 'default' },
    });
    const [t1, t2] = incidents;
    const t0 = Date.UTC(2010, 0, 13, 6);
    expect(t1).toMatchObject({ id: 'T1', openedAt: t0, resolvedAt: t0 + 4 * H, priority: 'P2', group: 'net', assignee: 'bob', reassignments: 1, reopens: 0, firstAssignedAt: t0 + H / 2 });
    expect(t1.events!.map((e) => e.phase)).toEqual(['queued', 'active', 'pending', 'active', 'resolved']);
    expect(t2).toMatchObject({ id: 'T2', openedAt: Date.UTC(2010, 0, 13, 9), priority: 'P3' }); // defaultPriority
  });

  it('mapping mistakes of the event-log form are one line naming the field', async () => {
    const bad = async (lines: string[]) => loadHistory(log, { mapping: file('bad.yaml', lines) }).then(() => 'ok', (e: Error) => e.message.replace(/^.*bad\.yaml: /, ''));
    expect(await bad(['columns: { id: case, timestamp: time }'])).toBe('columns.state: an event log (columns.timestamp) needs columns.state or columns.activity');
    expect(await bad(['columns: { id: case, timestamp: time, state: s }', 'phases: { x: working }'])).toBe('phases.x: "working" is not a phase; expected queued, active, pending, resolved, closed');
    expect(await bad(['columns: { id: case, timestamp: time, state: s }', 'delimiter: ";;"'])).toBe('delimiter: ";;" is not one character; expected e.g. ";" or "\\t"');
    expect(await bad(['columns: { id: case, timestamp: time, state: s }', 'defaultPriority: high'])).toBe('defaultPriority: "high" is not P1..P5');
    expect(await bad(['columns: { id: case, openedAt: o, state: s }'])).toBe('columns.state: only an event log reads it; add columns.timestamp (the event time)');
  });
});

const XES = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0">
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <trace>
    <string key="concept:name" value="INC1"/>
    <string key="Priority" value="High"/>
    <event><string key="concept:name" value="Queued/Awaiting Assignment"/><date key="time:timestamp" value="2010-01-13T08:00:00+00:00"/><string key="org:group" value="Desk"/></event>
    <event><string key="concept:name" value="Accepted/In Progress"/><date key="time:timestamp" value="2010-01-13 09:00:00+00:00"/><string key="org:resource" value="Ann"/><string key="org:group" value="Desk"/></event>
    <event><string key="concept:name" value="Accepted/Wait - User"/><date key="time:timestamp" value="2010-01-13T10:00:00Z"/></event>
    <event><string key="concept:name" value="Accepted/In Progress"/><date key="time:timestamp" value="2010-01-13T12:00:00Z"/><string key="org:resource" value="Bob"/><string key="org:group" value="L2"/></event>
    <event><string key="concept:name" value="Completed/Resolved"/><date key="time:timestamp" value="2010-01-13T13:30:00Z"/></event>
    <event><string key="concept:name" value="Completed/Closed"/><date key="time:timestamp" value="2010-01-14T13:30:00Z"/></event>
  </trace>
  <trace>
    <string key="concept:name" value="INC2"/>
    <event><string key="concept:name" value="Review"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2010-01-13T08:30:00Z"/><string key="org:resource" value="Ann"/><string key="org:group" value="Desk"/></event>
    <event><string key="concept:name" value="Resolve"/><date key="time:timestamp" value="2010-01-13T09:30:00Z"/></event>
  </trace>
  <trace>
    <string key="concept:name" value="INC3"/>
    <event><string key="concept:name" value="Review"/><date key="time:timestamp" value="yesterday"/></event>
  </trace>
</log>
`;

describe('XES', () => {
  for (const gz of [false, true]) {
    it(`reads traces as incidents and events as their events${gz ? ' (gzip, whatever the name)' : ''}`, async () => {
      const { incidents, summary } = await loadHistory(file(gz ? 'log.bin' : 'log.xes', XES, gz));
      expect(summary).toMatchObject({ profile: 'xes', rowsRead: 9, incidentsKept: 2, rowsSkipped: 1, skippedBy: { 'bad date': 1 } });
      expect(summary.firstErrors[0]).toMatch(/: line \d+: event time:timestamp "yesterday" is not an ISO 8601 date$/);
      expect(summary.phases!['Completed/Closed']).toEqual({ phase: 'closed', events: 1, from: 'default' });
      expect(summary.phases!['Review (start)']).toEqual({ phase: 'active', events: 1, from: 'default' });
      const [a, b] = incidents;
      const t0 = Date.UTC(2010, 0, 13, 8);
      expect(a).toMatchObject({ id: 'INC1', priority: 'P2', openedAt: t0, resolvedAt: t0 + 5.5 * H, closedAt: t0 + 29.5 * H, group: 'L2', assignee: 'Bob', reassignments: 1 });
      expect(b).toMatchObject({ id: 'INC2', openedAt: t0 + H / 2, resolvedAt: t0 + 1.5 * H, acknowledgedAt: t0 + H / 2 });
    });
  }

  it('broken XML is one line naming the file', async () => {
    const f = file('broken.xes', '<?xml version="1.0"?>\n<log><trace><event></trace></log>\n');
    await expect(loadHistory(f)).rejects.toThrow(/broken\.xes: not valid XML \(/);
  });
});
