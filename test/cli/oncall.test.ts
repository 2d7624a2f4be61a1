/**
 * Issue 20 from the command line: `incisim run --backlog`, a scenario with notification channels
 * (kpis.pagesLost, fallbackDeliveries, timeToReachMinutes with intervals; burnoutFlags), and the
 * bundled drill where the secondary is reached by SMS. Needs the build (`npx tsc -p .`).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const incisim = (...args: string[]) => spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(join(tmpdir(), 'incisim-oncall-'));

describe('incisim run --backlog', () => {
  it('seeds the open tickets, prints the burn-down line, and writes burnDown, dailySla and the aging buckets', () => {
    const out = join(tmp(), 'b');
    const r = incisim('run', 'scenarios/backlog/service-desk.yaml', '--backlog', 'scenarios/backlog/open.jsonl', '--replications', '3', '--set', 'horizon=2w', '--out', out, '--workers', '1', '--no-incidents');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('backlog: scenarios/backlog/open.jsonl: 340 tickets open at the start (340 read)\n');
    expect(r.stdout).toMatch(/^backlog: 340 tickets open at the start; half of them closed after [\d.]+ h; [\d.]+ \[[\d.]+, [\d.]+\] still open after 1 day/m);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(s.burnDown.seeded).toBe(340);
    expect(s.burnDown.mean[0]).toBe(340);
    expect(s.burnDown.mean.at(-1)).toBeLessThan(340);
    expect(s.aging.labels).toEqual(['< 1d', '1d–3d', '3d–7d', '> 7d']);
    // at minute 0 every open incident is a seeded ticket: the buckets add up to 340
    expect(s.aging.mean.reduce((a: number, b: number[]) => a + b[0], 0)).toBe(340);
    expect(s.dailySla.target).toBe(0.9);
    expect(Object.keys(s.byPeriod)[0]).toBe('backlog');
    expect(s.byPeriod.backlog.arrivals.mean).toBe(340);
    for (const f of ['burn-down.vl.json', 'daily-sla.vl.json', 'backlog-aging.vl.json']) expect(existsSync(join(out, 'charts', f)), f).toBe(true);
  });

  it('reads a CSV export of open tickets too (ServiceNow list export): open ones kept, unknown assignees dropped and counted', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'open.csv'), [
      'number,opened_at,priority,assignment_group,assigned_to,resolved_at',
      'INC1,27/11/2026 9:00,3 - Moderate,desk,desk-02,',
      'INC2,29/11/2026 22:15,2 - High,network,,',
      'INC3,20/11/2026 10:00,4 - Low,apps,someone-else,',
      'INC4,25/11/2026 10:00,3 - Moderate,desk,,26/11/2026 12:00',
    ].join('\n') + '\n');
    const out = join(dir, 'out');
    const r = incisim('run', 'scenarios/backlog/service-desk.yaml', '--backlog', join(dir, 'open.csv'), '--replications', '2', '--set', 'horizon=3d', '--out', out, '--workers', '1', '--no-report');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`backlog: ${join(dir, 'open.csv')}: 3 tickets open at the start (4 read; 1 not open at the start; 1 assignee not in the team: routed in it)\n`);
    const rows = readFileSync(join(out, 'incidents.csv'), 'utf8').split('\n');
    const header = rows[0].split(',');
    const inc1 = rows.find((l) => l.startsWith('INC1,'))!.split(',');
    // opened Friday 27 November 09:00 UTC, 2 days and 23 hours before the start (Monday 30 November 08:00)
    expect(Number(inc1[header.indexOf('openedAt')])).toBe(-(2 * 1440 + 23 * 60));
  });

  it('refuses a backlog whose group is no team, naming the file and line, and writes nothing', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'open.jsonl'), '{"id":"X","openedAt":1795953960000,"priority":"P3","group":"payments"}\n');
    const r = incisim('run', 'scenarios/backlog/service-desk.yaml', '--backlog', join(dir, 'open.jsonl'), '--out', join(dir, 'out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`incisim: ${join(dir, 'open.jsonl')}: line 1: group "payments" is no team of the scenario; expected one of desk, network, apps (or rename the team after the group)\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('a scenario with notification channels and burnout thresholds', () => {
  it('gives pagesLost, fallbackDeliveries and timeToReachMinutes with intervals, and burnoutFlags', () => {
    const out = join(tmp(), 'o');
    const r = incisim('run', 'scenarios/oncall.yaml', '--replications', '4', '--out', out, '--workers', '1', '--no-report', '--no-incidents');
    expect(r.status).toBe(0);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const k of ['pagesSent', 'pagesLost', 'fallbackDeliveries', 'timeToReachMinutes']) {
      expect(s.kpis[k].n, k).toBe(4);
      expect(s.kpis[k].ci95[0], k).toBeLessThanOrEqual(s.kpis[k].mean);
      expect(s.kpis[k].ci95[0], k).toBeGreaterThanOrEqual(0);
    }
    // 15% of pushes are lost (and a few SMS): the losses are about that share of the pages
    expect(s.kpis.pagesLost.mean / s.kpis.pagesSent.mean).toBeGreaterThan(0.1);
    expect(s.kpis.pagesLost.mean / s.kpis.pagesSent.mean).toBeLessThan(0.3);
    expect(s.burnoutFlags.thresholds).toEqual({ interruptions: 12, offHours: 4, sleep: 2 });
    expect(s.burnoutFlags.flags.length).toBeGreaterThan(0);
    expect(s.burnoutFlags.flags[0]).toHaveProperty('over');
    expect(Object.keys(s.byPeriod)).toEqual(['week-01', 'week-02', 'week-03', 'week-04', 'week-05']);
    // fay joins on 23 March (week 3); bilal leaves after 3 April (gone in week 5)
    expect(s.byPeriod['week-02'].engineersAvailable.mean).toBe(6);
    expect(s.byPeriod['week-03'].engineersAvailable.mean).toBe(7);
    expect(s.byPeriod['week-05'].engineersAvailable.mean).toBe(6);
  });
});

describe('incisim drill scenarios/drills/secondary-by-sms.yaml', () => {
  it('the primary does not answer; the secondary is paged, the push is lost, the SMS reaches them; every expectation holds', () => {
    const r = incisim('drill', 'scenarios/drills/secondary-by-sms.yaml', '--out', join(tmp(), 'd'));
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('+') && /\beve\b/.test(l)).map((l) => l.split(/\s{2,}/).slice(0, 4).join(' | '));
    expect(rows).toEqual([
      '+02:15 | DB-DOWN | escalated | ops/secondary (eve)',
      '+02:15 | DB-DOWN | assigned | eve',
      '+02:15 | DB-DOWN | paged | eve',
      '+02:15 | DB-DOWN | lost | eve',
      '+02:18 | DB-DOWN | fallback | eve',
      '+02:19 | DB-DOWN | delivered | eve',
      '+02:21 | DB-DOWN | fallback | eve',
      '+02:22 | DB-DOWN | delivered | eve',
      '+02:23 | DB-DOWN | acknowledged | eve',
      '+03:33 | DB-DOWN | resolved | eve',
    ]);
    expect(r.stdout).toContain('ok: DB-DOWN reaches eve within 20m (at +19m)');
    expect(r.stdout).toContain('ok: DB-DOWN acknowledged by eve within 25m (at +23m)');
    expect(r.stdout).toContain('all expectations hold');
  });
});
