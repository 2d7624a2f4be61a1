import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shadow } from '../../src/serve/shadow.js';
import { LIVE } from './live.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-shadow-'));
const t = (hhmm: string) => Date.parse(`2026-11-03T${hhmm}:00Z`);
const history = [
  { id: 'H1', openedAt: t('10:00'), acknowledgedAt: t('10:02'), resolvedAt: t('10:30'), priority: 'P3', group: 'desk' },
  { id: 'H2', openedAt: t('10:05'), acknowledgedAt: t('10:09'), resolvedAt: t('11:00'), priority: 'P2', group: 'network' },
  // nobody acknowledged it in the history: the policy's 10-minute timeout pages the leads, then tells the duty manager
  { id: 'H3', openedAt: t('10:10'), resolvedAt: t('12:00'), priority: 'P2', group: 'network' },
  { id: 'H4', openedAt: t('10:20'), acknowledgedAt: t('10:21'), resolvedAt: t('10:50'), priority: 'P4', group: 'Group 70' },
];
const file = join(dir, 'history.jsonl');
writeFileSync(file, history.map((h) => JSON.stringify(h)).join('\n') + '\n');

describe('the shadow check: a recorded stream through the service logic in virtual time', () => {
  it("reports the service's decisions against what happened", async () => {
    const lines: string[] = [];
    const out = join(dir, 'shadow.jsonl');
    const s = await shadow({ scenario: LIVE, history: file, out, write: (x) => lines.push(x) });
    expect(s).toMatchObject({ incidents: 4, withGroup: 4, sameTeam: 3, assignedOnArrival: 4, queuedOnArrival: 0, pages: 3, ackTimeouts: 2, escalations: 1, notifications: 1 });
    // history: 2, 4, 1 min over H1, H2, H4; shadow: the desk acknowledges on assignment (0), H2 at 4 min, H3 never (lee paged at 10:20, duty manager told at 10:30)
    expect(s.historyMttaMinutes).toBeCloseTo(7 / 3, 9);
    expect(lines.join('')).toBe([
      `shadow: 4 incidents of ${file} through live-test in virtual time, 2026-11-03T10:00:00.000Z to 2026-11-03T12:00:00.000Z`,
      'first team: the history\'s group for 3 of 4 with a group (75.0%)',
      'on arrival: assigned 4 (100.0%), queued 0 (0.0%)',
      'escalation: 3 pages, 2 acknowledgement timeouts, 1 functional escalations, 1 notifications',
      `MTTA: history 2.3 min, shadow ${s.shadowMttaMinutes!.toFixed(1)} min`,
      `per incident: ${out}`,
      '',
    ].join('\n'));
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => `${r.id} ${r.firstTeam} ${r.firstEngineer} ${r.finalTeam} ${r.pages} ${r.sameTeam}`)).toEqual([
      'H1 desk ana desk 0 true', 'H2 network kim network 1 true', 'H3 network kim leads 2 true', 'H4 desk ben desk 0 false',
    ]);
  });

  it('runs from the command line', () => {
    const r = spawnSync('node', ['bin/incisim.js', 'serve', LIVE, '--shadow', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('first team: the history\'s group for 3 of 4 with a group (75.0%)');
  });
});
