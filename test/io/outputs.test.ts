/** What a run writes: incidents.csv, as one string or streamed in blocks (the same bytes). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentsCsv, writeIncidentsCsv } from '../../src/io/outputs.js';
import type { IncidentRecord } from '../../src/sim/records.js';

function record(i: number, extra: Partial<IncidentRecord> = {}): IncidentRecord {
  return {
    id: `INC${i}`, class: 'desk-p3', category: 'access', priority: 'P3', openedAt: i * 1.5, firstTeam: 'desk', team: 'desk',
    reassignments: 0, escalations: [], misrouted: false, autoRemediated: false, major: false, pausedMinutes: 0,
    effortMinutes: 12.3456789, warmup: false, ...extra,
  };
}

describe('incidents.csv', () => {
  it('has one row per incident, escalations counted by kind, times rounded to 6 significant digits, text quoted when needed', () => {
    const csv = incidentsCsv([
      record(1, { resolvedAt: 100, resolvedBy: 'ann', firstAckAt: 3 }),
      record(2, { category: 'say "hi", then leave', escalations: [
        { at: 30, kind: 'functional', level: 1, to: 'apps', reason: 'stalled' },
        { at: 60, kind: 'hierarchical', level: 1, to: 'duty-manager', reason: 'open 1h' },
      ] }),
    ]).split('\n');
    expect(csv[0]).toBe('id,class,category,priority,openedAt,firstAssignedAt,firstAckAt,firstWorkAt,resolvedAt,firstTeam,team,resolvedBy,reassignments,functionalEscalations,hierarchicalEscalations,firstEscalatedAt,misrouted,autoRemediated,major,pausedMinutes,respondSlaMinutes,resolveSlaMinutes,effortMinutes,warmup');
    expect(csv[1]).toBe('INC1,desk-p3,access,P3,1.5,,3,,100,desk,desk,ann,0,0,0,,false,false,false,0,,,12.3457,false');
    expect(csv[2]).toBe('INC2,desk-p3,"say ""hi"", then leave",P3,3,,,,,desk,desk,,0,1,1,30,false,false,false,0,,,12.3457,false');
    expect(csv[3]).toBe('');
  });

  it('streamed in blocks, writes the same bytes as the one-string form (many blocks)', () => {
    const incidents = Array.from({ length: 30_000 }, (_, i) => record(i, i % 3 ? { resolvedAt: i * 2 } : {}));
    const dir = mkdtempSync(join(tmpdir(), 'incisim-csv-'));
    writeIncidentsCsv(dir, 'incidents.csv', incidents);
    const text = readFileSync(join(dir, 'incidents.csv'), 'utf8');
    expect(text.length).toBeGreaterThan(2 << 20); // more than two blocks
    expect(text).toBe(incidentsCsv(incidents));
    writeIncidentsCsv(dir, 'none.csv', []);
    expect(readFileSync(join(dir, 'none.csv'), 'utf8')).toBe(incidentsCsv([]));
  });
});
