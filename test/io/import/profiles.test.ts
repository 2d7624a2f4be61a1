import { describe, expect, it } from 'vitest';
import { importHistory, loadHistory } from '../../../src/io/import/index.js';
import { jiraDuration } from '../../../src/io/import/profiles/jira.js';
import { readHistory, incidentLine } from '../../../src/io/import/jsonl.js';
import { file, iso } from './helpers.js';

const skipped = async (path: string, options = {}) => {
  const s = await importHistory(path, options, () => {});
  return { kept: s.incidentsKept, by: s.skippedBy, errors: s.firstErrors };
};

describe('jira profile (Jira Service Management export)', () => {
  const jira = file('jira.csv', [
    'Issue key,Summary,Priority,Created,Resolved,Assignee,Team,Request Type,Time to first response',
    'ITSM-1,Printer jam,High,15/Jan/24 9:05 AM,15/Jan/24 11:35 AM,alice,Desk,Incident,2h 30m',
    'ITSM-2,"VPN down, all users",Highest,2024-01-16T10:00:00+01:00,,bob,Network,Incident,',
    'ITSM-3,Typo,Lowest,2024-01-17 08:00,2024-01-18 08:00,,Desk,Request,45',
  ]);

  it('is detected from its header and maps priorities, groups, categories and first response', async () => {
    const { incidents, summary } = await loadHistory(jira);
    expect(summary).toMatchObject({ profile: 'jira', rowsRead: 3, incidentsKept: 3, rowsSkipped: 0 });
    expect(incidents.map((i) => [i.id, i.priority, i.group, i.category, i.assignee])).toEqual([
      ['ITSM-1', 'P2', 'Desk', 'Incident', 'alice'],
      ['ITSM-2', 'P1', 'Network', 'Incident', 'bob'],
      ['ITSM-3', 'P5', 'Desk', 'Request', undefined],
    ]);
    expect(incidents.map((i) => [iso(i.openedAt), iso(i.acknowledgedAt), iso(i.resolvedAt)])).toEqual([
      ['2024-01-15T09:05', '2024-01-15T11:35', '2024-01-15T11:35'],
      ['2024-01-16T09:00', undefined, undefined], // offset in the cell wins over --tz
      ['2024-01-17T08:00', '2024-01-17T08:45', '2024-01-18T08:00'],
    ]);
  });

  it('reads durations like "1w 2d 3h 30m" or plain minutes', () => {
    expect(jiraDuration('1w 2d 3h 30m')).toBe(10080 + 2880 + 180 + 30);
    expect(jiraDuration('90')).toBe(90);
    expect(jiraDuration('2 hours')).toBeUndefined();
  });

  it('skips bad rows: unknown priority, bad date, bad duration, resolution before creation', async () => {
    const bad = file('jira-bad.csv', [
      'Issue key,Priority,Created,Resolved,Time to first response',
      'A-1,Urgent,2024-01-15 09:00,,',
      'A-2,High,yesterday,,',
      'A-3,High,2024-01-15 09:00,,soon',
      'A-4,High,2024-01-15 09:00,2024-01-14 09:00,',
    ]);
    expect(await skipped(bad)).toEqual({
      kept: 0,
      by: { 'unknown priority': 1, 'bad date': 1, 'bad duration': 1, 'resolution before opening': 1 },
      errors: [
        `${bad}: row 2, column "Priority": "Urgent" is not a known priority; expected Highest, High, Medium, Low, Lowest or P1..P5`,
        `${bad}: row 3, column "Created": "yesterday" is not a date in ISO 8601 or d/MMM/yy h:mm a or yyyy-MM-dd HH:mm[:ss]`,
        `${bad}: row 4, column "Time to first response": "soon" is not a duration in "1d 2h 30m" or minutes`,
        `${bad}: row 5, column "Resolved": "2024-01-14 09:00" is before Created "2024-01-15 09:00"`,
      ],
    });
  });
});

describe('pagerduty profile (incidents export)', () => {
  it('reads instants, or created + seconds_to_first_ack / seconds_to_resolve when they are absent', async () => {
    const pd = file('pd.csv', [
      'id,incident_number,created_on,acknowledged_on,resolved_on,urgency,priority,escalation_policy_name,service_name,assigned_to_user_names,seconds_to_first_ack,seconds_to_resolve',
      'PABC1,101,2024-03-01T02:00:00Z,2024-03-01T02:04:00Z,2024-03-01T03:00:00Z,high,P1,Database,db-prod,carol,240,3600',
      'PABC2,102,2024-03-01 10:00:00,,,low,,Web,web-prod,,120,5400',
    ]);
    const { incidents, summary } = await loadHistory(pd, { tz: 'America/New_York' });
    expect(summary.profile).toBe('pagerduty');
    expect(incidents.map((i) => [i.id, i.priority, i.urgency, i.group, i.category, iso(i.openedAt), iso(i.acknowledgedAt), iso(i.resolvedAt)])).toEqual([
      ['PABC1', 'P1', 'high', 'Database', 'db-prod', '2024-03-01T02:00', '2024-03-01T02:04', '2024-03-01T03:00'],
      // no offset: read in America/New_York (EST, UTC−5); no priority: low urgency reads as P4
      ['PABC2', 'P4', 'low', 'Web', 'web-prod', '2024-03-01T15:00', '2024-03-01T15:02', '2024-03-01T16:30'],
    ]);
  });

  it('skips a bad seconds_to_resolve and a repeated id', async () => {
    const pd = file('pd-bad.csv', [
      'id,created_on,urgency,seconds_to_resolve',
      'P1,2024-03-01T02:00:00Z,high,-5',
      'P2,2024-03-01T02:00:00Z,high,60',
      'P2,2024-03-01T03:00:00Z,high,60',
    ]);
    expect(await skipped(pd)).toEqual({
      kept: 1,
      by: { 'bad duration': 1, 'duplicate id': 1 },
      errors: [`${pd}: row 2, column "seconds_to_resolve": "-5" is not a duration in seconds`, `${pd}: row 4: id "P2" repeats the incident of row 3`],
    });
  });
});

describe('generic profile (a mapping file names the columns)', () => {
  const map = file('map.yaml', [
    'columns: { id: ticket, openedAt: opened, acknowledgedAt: first_response, resolvedAt: resolved, priority: severity, group: team, assignee: owner }',
    'priorities: { "Sev 1": P1, "Sev 2": P2, "Sev 3": P3 }',
    'dateFormat: "d/M/yyyy H:mm"',
    'timezone: Europe/Berlin',
    'missing: ["N/A"]',
  ]);
  const csv = file('generic.csv', [
    'ticket,opened,first_response,resolved,severity,team,owner',
    'T-1,29/2/2016 13:23,29/2/2016 13:30,29/2/2016 15:00,Sev 1,ops,dana',
    'T-2,1/7/2016 9:00,N/A,N/A,Sev 3,N/A,',
  ]);

  it('maps columns, priority values, the date format, zone and missing markers', async () => {
    const { incidents, summary } = await loadHistory(csv, { profile: 'generic', mapping: map });
    expect(summary.profile).toBe('generic');
    expect(incidents).toEqual([
      { id: 'T-1', openedAt: Date.UTC(2016, 1, 29, 12, 23), acknowledgedAt: Date.UTC(2016, 1, 29, 12, 30), resolvedAt: Date.UTC(2016, 1, 29, 14), priority: 'P1', group: 'ops', assignee: 'dana' },
      { id: 'T-2', openedAt: Date.UTC(2016, 6, 1, 7), priority: 'P3' }, // CEST in July
    ]);
    // a mapping alone selects the generic profile; --tz overrides the mapping's zone
    const { incidents: utc } = await loadHistory(csv, { mapping: map, tz: 'UTC' });
    expect(iso(utc[0].openedAt)).toBe('2016-02-29T13:23');
  });

  it('reports mapping mistakes as one line naming the file and the field', async () => {
    const cases: [string[], string][] = [
      [['columns: { id: ticket }'], 'columns.openedAt: required (the column holding the incident opening time; or columns.timestamp for an event log)'],
      [['columns: { id: ticket, openedAt: opened, owner: x }'], 'columns.owner: unknown field; expected one of id, openedAt,'],
      [['columns: { id: ticket, openedAt: opened }', 'priorities: { high: Critical }'], 'priorities.high: "Critical" is not P1..P5'],
      [['columns: { id: ticket, openedAt: opened }', 'timezone: Mars/Olympus'], 'timezone: "Mars/Olympus" is not a known IANA time zone'],
      [['columns: { id: ticket, openedAt: opened }', 'colour: blue'], 'colour: unknown key; expected one of columns, priorities, dateFormat, timezone, missing'],
    ];
    for (const [lines, message] of cases) {
      const m = file('bad-map.yaml', lines);
      await expect(loadHistory(csv, { mapping: m })).rejects.toThrow(`${m}: ${message}`);
    }
    await expect(loadHistory(csv, { profile: 'generic' })).rejects.toThrow(`${csv}: the generic profile needs a mapping file (--mapping map.yaml)`);
    const wrong = file('wrong-cols.yaml', ['columns: { id: key, openedAt: created }']);
    await expect(loadHistory(csv, { mapping: wrong })).rejects.toThrow(`${csv}: the header lacks the columns "key", "created" required by the generic profile`);
  });
});

describe('whole-file problems', () => {
  it('are one-line UserErrors', async () => {
    await expect(loadHistory('/nonexistent/tickets.csv')).rejects.toThrow('/nonexistent/tickets.csv: cannot read the export (no such file)');
    const empty = file('empty.csv', '');
    await expect(loadHistory(empty)).rejects.toThrow(`${empty}: the file is empty; expected a header row`);
    const unknown = file('unknown.csv', ['a,b,c', '1,2,3']);
    await expect(loadHistory(unknown)).rejects.toThrow(`${unknown}: cannot tell which tool exported this file from its header ("a", "b", "c"); name it with --profile servicenow|jira|pagerduty|eventlog|generic (generic needs --mapping)`);
    await expect(loadHistory(unknown, { profile: 'zendesk' })).rejects.toThrow('--profile: unknown profile "zendesk"; expected auto, servicenow, jira, pagerduty, eventlog, generic, xes');
    await expect(loadHistory(unknown, { profile: 'servicenow' })).rejects.toThrow(`${unknown}: the header lacks the columns "number", "opened_at" required by the servicenow profile`);
    const quote = file('quote.csv', ['number,opened_at', 'INC1,"29/2/2016 13:23', 'INC2,1/3/2016 9:00']);
    await expect(loadHistory(quote)).rejects.toThrow(`${quote}: row 2, column "opened_at": not valid CSV: a quoted field is never closed; expected its closing quote`);
    const notGz = file('broken.csv.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3]));
    await expect(loadHistory(notGz)).rejects.toThrow(/not a readable gzip file/);
    await expect(loadHistory(unknown, { tz: 'Mars/Olympus' })).rejects.toThrow('--tz: "Mars/Olympus" is not a known IANA time zone; expected e.g. UTC or Europe/Berlin');
  });

  it('skips blank lines without counting them, and numbers rows as the file does (header = row 1)', async () => {
    const f = file('blank.csv', ['number,opened_at', 'INC1,29/2/2016 13:23', '', 'INC2,bad']);
    const s = await importHistory(f, {}, () => {});
    expect(s).toMatchObject({ rowsRead: 2, incidentsKept: 1, rowsSkipped: 1 });
    expect(s.firstErrors).toEqual([`${f}: row 4, column "opened_at": "bad" is not a date in d/M/yyyy H:mm`]);
  });
});

describe('normalised history (.jsonl)', () => {
  it('round-trips through incidentLine and readHistory', async () => {
    const { incidents } = await loadHistory(file('rt.csv', ['number,opened_at,priority', 'INC1,29/2/2016 13:23,1 - Critical', 'INC2,1/3/2016 9:00,?']));
    const back = await readHistory(file('rt.jsonl', incidents.map(incidentLine).join('')));
    expect(back.incidents).toEqual(incidents);
    expect(back.summary).toMatchObject({ profile: 'jsonl', incidentsKept: 2 });
  });

  it('names the line of a bad record', async () => {
    const f = file('bad.jsonl', ['{"id":"A","openedAt":1}', '{"id":"B"}']);
    await expect(readHistory(f)).rejects.toThrow(`${f}: line 2: expected an object with a string "id" and a numeric "openedAt" (epoch ms)`);
    const g = file('bad2.jsonl', ['{"id":']);
    await expect(readHistory(g)).rejects.toThrow(`${g}: line 1: not valid JSON`);
    await expect(readHistory('/nonexistent/h.jsonl')).rejects.toThrow('/nonexistent/h.jsonl: cannot read the history (no such file)');
  });
});
