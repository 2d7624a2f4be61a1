import { beforeAll, describe, expect, it } from 'vitest';
import { importHistory, loadHistory, type HistoricalIncident, type ImportSummary } from '../../../src/io/import/index.js';
import { servicenowPriority } from '../../../src/io/import/profiles/servicenow.js';
import { file, iso, UCI } from './helpers.js';

const HEADER = 'number,incident_state,reassignment_count,reopen_count,sys_mod_count,made_sla,opened_at,sys_updated_at,assignment_group,assigned_to,priority,impact,urgency,category,resolved_at,closed_at';

describe('servicenow profile, event-log form (one row per update)', () => {
  const log = file('log.csv', [
    HEADER,
    'INC1,New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,2 - Medium,2 - Medium,Category 1,29/2/2016 15:00,5/3/2016 16:00',
    'INC2,New,0,0,0,false,1/3/2016 8:05,1/3/2016 8:05,Group 2,?,2 - High,1 - High,2 - Medium,Category 9,?,?',
    'INC1,Active,0,0,1,true,29/2/2016 13:23,29/2/2016 13:40,Group 1,Resolver 1,3 - Moderate,2 - Medium,2 - Medium,Category 1,29/2/2016 15:00,5/3/2016 16:00',
    'INC1,Active,1,0,2,true,29/2/2016 13:23,29/2/2016 14:02,Group 4,Resolver 7,3 - Moderate,2 - Medium,2 - Medium,Category 1,29/2/2016 15:00,5/3/2016 16:00',
    'INC2,Awaiting User Info,0,0,1,false,1/3/2016 8:05,1/3/2016 9:00,Group 2,Resolver 3,1 - Critical,1 - High,1 - High,Category 9,?,?',
    'INC1,Resolved,1,0,3,true,29/2/2016 13:23,29/2/2016 15:00,Group 4,Resolver 7,4 - Low,2 - Medium,3 - Low,Category 1,29/2/2016 15:00,5/3/2016 16:00',
  ]);

  it('merges rows per incident: final state from the last row, first assignment and first Active row derived', async () => {
    const { incidents, summary } = await loadHistory(log);
    expect(summary).toMatchObject({ profile: 'servicenow', rowsRead: 6, incidentsKept: 2, rowsSkipped: 0 });
    expect(summary.phases).toEqual({
      New: { phase: 'queued', events: 2, from: 'default' },
      Active: { phase: 'active', events: 2, from: 'default' },
      'Awaiting User Info': { phase: 'pending', events: 1, from: 'default' },
      Resolved: { phase: 'resolved', events: 1, from: 'default' },
    });
    const [a, b] = incidents;
    expect(a).toEqual<HistoricalIncident>({
      id: 'INC1',
      openedAt: Date.UTC(2016, 1, 29, 13, 23),
      firstAssignedAt: Date.UTC(2016, 1, 29, 13, 40),
      acknowledgedAt: Date.UTC(2016, 1, 29, 13, 40),
      resolvedAt: Date.UTC(2016, 1, 29, 15, 0),
      closedAt: Date.UTC(2016, 2, 5, 16, 0),
      priority: 'P4',
      impact: '2 - Medium',
      urgency: '3 - Low',
      category: 'Category 1',
      group: 'Group 4',
      assignee: 'Resolver 7',
      reassignments: 1,
      reopens: 0,
      madeSla: true,
      updates: 3,
      // one event per row, in time order: the state entered, with the assignee and group after it
      events: [
        { at: Date.UTC(2016, 1, 29, 13, 23), phase: 'queued', value: 'New' },
        { at: Date.UTC(2016, 1, 29, 13, 40), phase: 'active', assignee: 'Resolver 1', group: 'Group 1', value: 'Active' },
        { at: Date.UTC(2016, 1, 29, 14, 2), phase: 'active', assignee: 'Resolver 7', group: 'Group 4', value: 'Active' },
        { at: Date.UTC(2016, 1, 29, 15, 0), phase: 'resolved', assignee: 'Resolver 7', group: 'Group 4', value: 'Resolved' },
      ],
    });
    // never Active, never resolved: no acknowledgement, no resolution; ? means missing
    expect(b).toMatchObject({ id: 'INC2', priority: 'P1', firstAssignedAt: Date.UTC(2016, 2, 1, 9, 0), madeSla: false, updates: 1 });
    expect(b.acknowledgedAt).toBeUndefined();
    expect(b.resolvedAt).toBeUndefined();
  });

  it('reads the wall-clock dates in the stated zone (daylight saving honoured)', async () => {
    const { incidents } = await loadHistory(log, { tz: 'Europe/Berlin' });
    expect(iso(incidents[0].openedAt)).toBe('2016-02-29T12:23'); // CET, UTC+1
    const summer = file('summer.csv', [HEADER, 'INC9,New,0,0,0,true,27/3/2016 3:30,27/3/2016 3:30,?,?,3 - Moderate,?,?,?,?,?']);
    const { incidents: s } = await loadHistory(summer, { tz: 'Europe/Berlin' });
    expect(iso(s[0].openedAt)).toBe('2016-03-27T01:30'); // CEST from 02:00 local that day, UTC+2
  });

  it('reads gzip-compressed files (by their magic bytes, whatever the name)', async () => {
    const lines = [HEADER, 'INC1,New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?'];
    const { incidents } = await loadHistory(file('log.csv.gz', lines, true));
    const { incidents: plain } = await loadHistory(file('log2.csv', lines));
    expect(incidents).toEqual(plain);
    expect((await loadHistory(file('named-plainly.csv', lines, true))).incidents).toEqual(plain);
  });

  it('skips each kind of bad row with a message naming file, row, column and value, and counts why', async () => {
    const bad = file('bad.csv', [
      HEADER,
      ',New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?', // row 2: no number
      'INC3,New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?', // row 3: 13 fields
      'INC4,Active,0,0,0,true,29/2/2016 13:23,31/2/2016 13:23,?,Resolver 1,3 - Moderate,?,?,?,?,?', // row 4: 31 February
      'INC5,New,0,0,0,true,2016-02-29 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?', // row 5: ISO opened_at
      'INC6,New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,9 - Urgent,?,?,?,?,?', // row 6: unknown priority
      'INC7,New,two,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?', // row 7: bad count
      'INC8,New,0,0,0,maybe,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?', // row 8: bad boolean
      'INC9,New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,28/2/2016 9:00,?', // row 9: resolved before opened
      'INC10,New,0,0,0,true,?,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?', // row 10: opened_at missing
      'INC11,New,0,0,0,true,29/2/2016 13:23,29/2/2016 13:23,?,?,3 - Moderate,?,?,?,?,?', // row 11: fine
    ]);
    const summary = await importHistory(bad, {}, () => {});
    expect(summary).toMatchObject<Partial<ImportSummary>>({
      rowsRead: 10,
      incidentsKept: 1,
      rowsSkipped: 9,
      skippedBy: {
        'missing id': 1,
        'wrong field count': 1,
        'bad date': 2,
        'unknown priority': 1,
        'bad number': 1,
        'bad boolean': 1,
        'resolution before opening': 1,
        'missing date': 1,
      },
    });
    expect(summary.firstErrors).toEqual([
      `${bad}: row 2, column "number": the value is missing`,
      `${bad}: row 3: 13 fields, but the header has 16`,
      `${bad}: row 4, column "sys_updated_at": "31/2/2016 13:23" is not a date in d/M/yyyy H:mm`,
      `${bad}: row 5, column "opened_at": "2016-02-29 13:23" is not a date in d/M/yyyy H:mm`,
      `${bad}: row 6, column "priority": "9 - Urgent" is not a known priority; expected "1 - Critical" … "5 - Planning"`,
      `${bad}: row 7, column "reassignment_count": "two" is not a whole number ≥ 0`,
      `${bad}: row 8, column "made_sla": "maybe" is not true or false`,
      `${bad}: row 9, column "resolved_at": "28/2/2016 9:00" is before opened_at "29/2/2016 13:23"`,
      `${bad}: row 10, column "opened_at": the value is missing`,
    ]);
  });

  it('with strict, the first bad row fails the import with that one-line message', async () => {
    const bad = file('strict.csv', [HEADER, 'INC1,New,0,0,0,true,29/2/2016 13:23,29/2/2016 25:00,?,Resolver 1,3 - Moderate,?,?,?,?,?']);
    await expect(importHistory(bad, { strict: true }, () => {})).rejects.toThrow(`${bad}: row 2, column "sys_updated_at": "29/2/2016 25:00" is not a date in d/M/yyyy H:mm`);
  });

  it('maps priorities "1 - Critical" … "5 - Planning" and bare digits to P1..P5', () => {
    expect(['1 - Critical', '2 - High', '3 - Moderate', '4 - Low', '5 - Planning', '3'].map(servicenowPriority)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P3']);
    expect(servicenowPriority('Critical')).toBeUndefined();
  });
});

describe('servicenow profile, one row per incident', () => {
  it('reads a list export without sys_updated_at: no derived assignment or acknowledgement', async () => {
    const f = file('list.csv', [
      'number,opened_at,priority,assignment_group,assigned_to,resolved_at',
      'INC1,29/2/2016 13:23,2 - High,Group 1,Resolver 1,29/2/2016 18:00',
      'INC2,1/3/2016 9:00,3 - Moderate,Group 2,?,?',
    ]);
    const { incidents, summary } = await loadHistory(f);
    expect(summary.profile).toBe('servicenow');
    expect(incidents).toEqual([
      { id: 'INC1', openedAt: Date.UTC(2016, 1, 29, 13, 23), resolvedAt: Date.UTC(2016, 1, 29, 18), priority: 'P2', group: 'Group 1', assignee: 'Resolver 1' },
      { id: 'INC2', openedAt: Date.UTC(2016, 2, 1, 9), priority: 'P3', group: 'Group 2' },
    ]);
  });
});

describe('the UCI event log (141,712 rows)', () => {
  let incidents: HistoricalIncident[];
  let summary: ImportSummary;
  beforeAll(async () => {
    ({ incidents, summary } = await loadHistory(UCI));
  });

  it('imports every row and all 24,918 incidents, none skipped', () => {
    expect(summary).toMatchObject({ profile: 'servicenow', rowsRead: 141_712, incidentsKept: 24_918, rowsSkipped: 0 });
    expect(new Set(incidents.map((i) => i.id)).size).toBe(24_918);
    // the README's 78 groups appear anywhere in the log; final states name only some of them
    expect(new Set(incidents.map((i) => i.group).filter(Boolean)).size).toBeLessThanOrEqual(78);
    expect(incidents.filter((i) => i.resolvedAt === undefined)).toHaveLength(1_556);
  });

  it('reproduces the README reference figures: opened→resolved per priority, reassignments, SLA', () => {
    const names: Record<string, string> = { P1: 'Critical', P2: 'High', P3: 'Moderate', P4: 'Low' };
    // README: count / median hours / mean hours, from each incident's last row
    const ref: Record<string, [number, number, number]> = { P1: [270, 80.2, 266.1], P2: [408, 38.2, 152.5], P3: [22_010, 21.6, 174.4], P4: [674, 5.0, 283.2] };
    for (const p of Object.keys(ref)) {
      const h = incidents.filter((i) => i.priority === p && i.resolvedAt !== undefined).map((i) => (i.resolvedAt! - i.openedAt) / 3_600_000).sort((a, b) => a - b);
      const median = h.length % 2 ? h[(h.length - 1) / 2] : (h[h.length / 2 - 1] + h[h.length / 2]) / 2;
      expect(h.length, names[p]).toBe(ref[p][0]);
      // the README rounds to 0.1 h: equal within half a unit of its last digit
      expect(Math.abs(median - ref[p][1]), names[p]).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(h.reduce((a, b) => a + b, 0) / h.length - ref[p][2]), names[p]).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    const r = incidents.map((i) => i.reassignments ?? 0);
    expect(r.reduce((a, b) => a + b, 0) / r.length).toBeCloseTo(0.94, 2);
    expect(Math.max(...r)).toBe(27);
    expect(incidents.filter((i) => i.madeSla).length / incidents.length).toBeCloseTo(0.6342, 4);
  });

  it('opened_at spans 2016-02-29 .. 2017-02-16', () => {
    const t = incidents.map((i) => i.openedAt);
    expect(iso(Math.min(...t))!.slice(0, 10)).toBe('2016-02-29');
    expect(iso(Math.max(...t))!.slice(0, 10)).toBe('2017-02-16');
  });
});
