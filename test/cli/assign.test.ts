import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Needs `npx tsc -p .` first (bin/incisim.js runs dist/).
const cli = (args: string[], input?: string) => spawnSync('node', ['bin/incisim.js', 'assign', ...args], { encoding: 'utf8', input });
const ROSTER = 'scenarios/assign/roster.json';
const dir = mkdtempSync(join(tmpdir(), 'incisim-assign-'));

describe('incisim assign', () => {
  it('replays the sample events into one decision per line', () => {
    const r = cli(['--roster', ROSTER, '--events', 'scenarios/assign/events.jsonl']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ds = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(ds.map((d) => `${d.at} ${d.incidentId} ${d.kind} ${d.engineerId ?? d.team}`)).toEqual([
      '0 INC-1 assign ana', '2 INC-2 assign ana', '5 INC-3 assign ben', '6 INC-4 assign raj', '7 INC-5 assign sofia',
      '8 INC-6 assign raj', '9 INC-7 assign ben', '10 INC-8 queue service-desk', '15 INC-8 assign chloe',
      '40 INC-2 assign sofia', '45 INC-3 assign ana', '50 INC-10 assign ana', '51 INC-11 assign chloe',
      '52 INC-12 queue service-desk', '60 INC-12 assign chloe', '70 INC-9 assign raj',
    ]);
    expect(ds[3]).toMatchObject({ fallback: 'next-tier:network' });
    expect(ds[8].reason).toBe('from the service-desk queue after 5 min: chloe — best skills match (proficiency 2, load 0); 1 eligible of 3 in service-desk (skills-match)');
  });

  it('reads stdin, reports each bad line with its number and field, and goes on with the rest', () => {
    const input = [
      '{"type":"open","at":0,"id":"A","priority":"P3","team":"service-desk"}',
      '{"type":"open","at":1,"id":"B","priority":"P3",',
      '{"type":"presence","at":2,"engineer":"zoe","presence":"off"}',
      '{"type":"open","at":3,"id":"C","priority":"P3","team":"service-desk","effortHours":"lots"}',
      '',
      '{"type":"resolve","at":4,"incident":"A"}',
      '{"type":"open","at":5,"id":"D","priority":"P1","team":"network"}',
    ].join('\n');
    const r = cli(['--roster', ROSTER], input);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^incisim: stdin:2: not valid JSON \(.+\); expected one JSON object per line$/),
      'incisim: stdin:3: setPresence: unknown engineer "zoe"',
      'incisim: stdin:4: effortHours: "lots"; expected a number',
    ]);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).incidentId)).toEqual(['A', 'D']);
  });

  it('rejects a bad roster with one line naming the file and field, writing nothing', () => {
    const roster = join(dir, 'dup.json');
    writeFileSync(roster, JSON.stringify({ teams: [{ id: 't' }], engineers: [{ id: 'x', team: 't' }, { id: 'x', team: 't' }] }));
    const r = cli(['--roster', roster], '');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`incisim: ${roster}: engineers[1].id: "x" is used twice; engineer ids must be unique\n`);
  });

  it('warns about assignment bias above --bias', () => {
    const input = ['P1', 'P1', 'P1'].map((p, k) => `{"type":"open","at":${k},"id":"H${k}","priority":"${p}","team":"service-desk","skills":["vpn"]}`).join('\n');
    const r = cli(['--roster', ROSTER, '--bias', '0.6'], input);
    expect(r.status).toBe(0);
    // ana takes two (capacity 2); the third falls back to network, where raj has its only P1.
    expect(r.stderr).toBe([
      'incisim: bias: ana had 2 of the P1 assignments in service-desk (100% > 60%)',
      'incisim: bias: raj had 1 of the P1 assignments in network (100% > 60%)',
      '',
    ].join('\n'));
  });
});
