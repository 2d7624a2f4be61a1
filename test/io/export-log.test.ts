/**
 * A simulated replication as an event log (`incisim run --export-log`): the events of an exact
 * trace, and both forms read back by `incisim import` into the same incidents.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../../src/model/build.js';
import { validateScenario } from '../../src/scenario/load.js';
import { runReplication, type TraceEvent } from '../../src/sim/lifecycle/index.js';
import type { IncidentRecord } from '../../src/sim/records.js';
import { eventLogCsv, eventLogOf } from '../../src/io/export-log.js';
import { loadHistory } from '../../src/io/import/index.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-export-'));

describe('event-log export', () => {
  it('writes New, Assigned, In Progress, Awaiting User Info, the hand-off to the next team and Resolved, with who and which team', () => {
    const scenario = validateScenario(
      {
        name: 'x',
        start: '2026-01-05T00:00:00Z',
        horizon: '1d',
        priorities: { matrix: { medium: { medium: 'P3' } } },
        teams: [
          { id: 'desk', engineers: { count: 1 } },
          { id: 'l2', tier: 2, engineers: { count: 1 } },
        ],
        arrivals: [{ class: 'c', priority: 'P3', rate: { perWeek: 0 }, path: [{ team: 'desk', work: '60m' }, { team: 'l2', work: '30m' }], pending: { probability: 1, duration: '2h' } }],
      },
      'x',
    );
    const trace: TraceEvent[] = [];
    const records: IncidentRecord[] = [];
    runReplication(buildModel(scenario), { index: 0, noArrivals: true, script: [{ id: 'I1', at: 10, class: 'c' }], trace: (e) => trace.push(e), onIncident: (r) => records.push(r) });
    const csv = eventLogCsv(eventLogOf(trace), records, Date.parse('2026-01-05T00:00:00Z')).trim().split('\n');
    const pause = Math.round(records[0].pausedMinutes);
    expect(pause).toBe(120);
    expect(csv[0]).toBe('case_id,timestamp,activity,resource,group,priority');
    expect(csv.slice(1).map((l) => l.split(',').slice(2, 5).join(' '))).toEqual([
      'New  ',
      'Assigned desk-01 desk',
      'In Progress desk-01 desk',
      'Awaiting User Info desk-01 desk',
      'In Progress desk-01 desk',
      'New  l2',
      'Assigned l2-01 l2',
      'In Progress l2-01 l2',
      'Resolved l2-01 l2',
    ]);
    expect(csv[csv.length - 1].split(',')[1]).toBe(new Date(Date.parse('2026-01-05T00:00:00Z') + (10 + 60 + 120 + 30) * 60_000).toISOString());
  });

  it('incisim run --export-log writes CSV and XES that incisim import reads back into the same incidents', async () => {
    const run = (file: string) => spawnSync('node', ['bin/incisim.js', 'run', 'scenarios/small-team.yaml', '--set', 'horizon=7d', '--set', 'warmup=0', '--replications', '1', '--out', join(dir, 'out'), '--no-report', '--export-log', file], { encoding: 'utf8' });
    const csv = join(dir, 'log.csv');
    const xes = join(dir, 'log.xes.gz');
    for (const f of [csv, xes]) {
      const r = run(f);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`wrote ${f.replace(/[.]/g, '\\.')} \\(replication 0: [\\d,]+ events\\)`));
    }
    const a = await loadHistory(csv);
    const b = await loadHistory(xes);
    expect(a.summary.profile).toBe('eventlog');
    expect(b.summary.profile).toBe('xes');
    expect(a.incidents.length).toBeGreaterThan(20);
    expect(b.incidents.map((i) => [i.id, i.openedAt, i.resolvedAt, i.group, i.priority])).toEqual(a.incidents.map((i) => [i.id, i.openedAt, i.resolvedAt, i.group, i.priority]));
    const inc = readFileSync(join(dir, 'out', 'incidents.csv'), 'utf8').trim().split('\n').length - 1;
    expect(a.incidents.length).toBe(inc);
    const bad = run(join(dir, 'log.json'));
    expect([bad.status, bad.stderr]).toEqual([2, `incisim: --export-log: "${join(dir, 'log.json')}" should end in .xes, .xes.gz or .csv (the form it is written in)\n`]);
  });
});
