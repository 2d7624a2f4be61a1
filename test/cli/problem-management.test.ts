/**
 * The bundled ITIL-depth scenario, as a user runs it: `incisim run scenarios/problem-management.yaml --json`
 * has every ITIL figure as { mean, ci95 } and a per-type breakdown. Needs the build (`npx tsc -p .`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('incisim run scenarios/problem-management.yaml --json', () => {
  it('reports reopens, first-contact resolution, known errors, problems, incidents avoided and comms load, per type too', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-pm-')), 'pm');
    const r = spawnSync('node', ['bin/incisim.js', 'run', 'scenarios/problem-management.yaml', '--json', '--replications', '3', '--workers', '1', '--no-report', '--no-incidents', '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    for (const k of ['reopenRate', 'firstContactResolution', 'knownErrorHitRate', 'problemsSolved', 'incidentsAvoided', 'commsMinutesPerIncident']) {
      expect(s.kpis[k], k).toMatchObject({ mean: expect.any(Number), ci95: [expect.any(Number), expect.any(Number)] });
    }
    expect(s.kpis.problemsSolved.mean).toBeGreaterThan(0);
    expect(s.kpis.incidentsAvoided.mean).toBeGreaterThan(100);
    expect(Object.keys(s.byType)).toEqual(['incident', 'request']);
    for (const t of ['incident', 'request']) for (const k of ['arrivals', 'mttr', 'slaAttainment', 'firstContactResolution']) expect(s.byType[t][k], `${t} ${k}`).toHaveProperty('ci95');
    expect(Object.keys(s.byClosureCode)).toContain('solved-workaround');
  });
});
