/**
 * `incisim drill`: scripted incidents, people who do not answer, and the timeline checked against
 * expectations. A two-team scenario with a tiered escalation chain (10-minute timeout, then the
 * platform team; the duty manager is told about P1s open for 30 minutes).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drillProbabilities, fmtClock, fmtOffset, formatTimeline, loadDrill, runDrill } from '../../src/decide/drill.js';
import { UserError } from '../../src/errors.js';

const SCENARIO = `
name: drill-team
start: 2026-01-05T00:00:00Z
timezone: UTC
horizon: 1w
replications: 1
seed: 1
priorities:
  matrix: { high: { high: P1, medium: P2, low: P3 }, medium: { high: P2, medium: P3, low: P3 }, low: { high: P3, medium: P3, low: P3 } }
teams:
  - { id: ops, tier: 1, engineers: [{ id: ann }, { id: bob }], paging: true, ackDelay: "exponential(mean=4m)", routing: { policy: round-robin } }
  - { id: platform, tier: 2, engineers: [{ id: pat }], paging: true, ackDelay: 2m }
escalation:
  policy: tiered
  options: { ackTimeout: 10m, levels: [assignee, "team:platform"], final: { notify: duty-manager }, notify: { P1: { duty-manager: 30m } } }
arrivals:
  - { class: db, rate: { perHour: 0 }, priority: P1, path: [{ team: ops, work: 1h }] }
`;

function files(drill: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'incisim-drill-'));
  writeFileSync(join(dir, 'team.yaml'), SCENARIO);
  writeFileSync(join(dir, 'drill.yaml'), drill);
  return join(dir, 'drill.yaml');
}

const SILENT_ANN = `
name: ann-does-not-answer
scenario: team.yaml
duration: 4h
incidents: [{ id: DB-DOWN, at: 10m, class: db }]
silent: [ann]
ackDelay: 3m
expect:
  - DB-DOWN reaches level 2 within 15m
  - DB-DOWN acknowledged within 20m
  - DB-DOWN management notified within 45m
  - DB-DOWN resolved within 2h
  - DB-DOWN acknowledged within 5m
`;

describe('a drill where the first responder does not answer', () => {
  const drill = loadDrill(files(SILENT_ANN));
  const run = runDrill(drill);

  it('pages ann, times out after 10 minutes, escalates to platform, and pat answers after 3 minutes', () => {
    const lines = formatTimeline(run).trimEnd().split('\n').map((l) => l.split(/\s{2,}/).slice(0, 4).join(' | '));
    expect(lines).toEqual([
      '+00:10 | DB-DOWN | arrived | db P1',
      '+00:10 | DB-DOWN | assigned | ann',
      '+00:10 | DB-DOWN | paged | ann',
      '+00:20 | DB-DOWN | ack-timeout | ann',
      '+00:20 | DB-DOWN | escalated | platform',
      '+00:20 | DB-DOWN | assigned | pat',
      '+00:20 | DB-DOWN | paged | pat',
      '+00:23 | DB-DOWN | acknowledged | pat',
      '+00:40 | DB-DOWN | notified | duty-manager',
      '+01:23 | DB-DOWN | resolved | pat',
    ]);
  });

  it('checks each expectation against the timeline, saying how late a failed one was', () => {
    expect(run.results.map((r) => r.message)).toEqual([
      'ok: DB-DOWN reaches level 2 within 15m (at +10m)',
      'ok: DB-DOWN acknowledged within 20m (at +13m)',
      'ok: DB-DOWN management notified within 45m (at +30m)',
      'ok: DB-DOWN resolved within 2h (at +1h13m)',
      'FAILED: DB-DOWN acknowledged within 5m — it happened at +13m, 8m late',
    ]);
  });
});

describe('drill probabilities over repeated runs with random acknowledgement delays', () => {
  it('estimate P(ann acknowledges within 5 min) = 1 − e^(−5/4) = 0.7135 inside the Wilson 95% interval', () => {
    const drill = loadDrill(files(`
scenario: team.yaml
duration: 4h
incidents: [{ id: X, at: 0m, class: db }]
expect: [X acknowledged within 5m]
`));
    const [p] = drillProbabilities(drill, 400);
    const theory = 1 - Math.exp(-5 / 4);
    expect(p.runs).toBe(400);
    expect(p.ci95[0]).toBeLessThanOrEqual(theory);
    expect(p.ci95[1]).toBeGreaterThanOrEqual(theory);
  });
});

describe('bad drill files', () => {
  it.each([
    ['scenario: team.yaml\nincidents: [{ id: X, at: 0m, class: nope }]\nexpect: []\n', /incidents\[0\]\.class: unknown class "nope"/],
    ['scenario: team.yaml\nincidents: [{ id: X, at: 0m, class: db }]\nsilent: [zed]\nexpect: []\n', /silent\[0\]: unknown engineer "zed"/],
    ['scenario: team.yaml\nincidents: [{ id: X, at: 0m, class: db }]\nexpect: [X happy within 5m]\n', /expect\[0\]: "X happy within 5m" is not an expectation/],
    ['scenario: team.yaml\nincidnts: []\n', /incidnts: unknown key/],
  ])('%#: one clear line naming the field', (text, message) => {
    expect(() => loadDrill(files(text))).toThrow(message);
  });
});

describe('drill times (issue 20, bug 6: "+125:60" and "2h60m")', () => {
  it('round to the minute before splitting into hours and minutes', () => {
    expect([125.6, 179.6, 179.4, 59.5, 0, 7565.7].map(fmtOffset)).toEqual(['+02:06', '+03:00', '+02:59', '+01:00', '+00:00', '+126:06']);
    expect([179.6, 119.5, 65, 12.2, 0.75, 0.995, -3.6].map(fmtClock)).toEqual(['3h00m', '2h00m', '1h05m', '12m', '45s', '1m', '-4m']);
  });
});

describe('a drill file of the wrong shape is one line naming the file and the field (#22.6, #15.7)', () => {
  const refused = (drill: string): string => {
    const f = files(drill);
    let thrown: unknown;
    try {
      loadDrill(f);
    } catch (e) {
      thrown = e;
    }
    expect(thrown, 'refused').toBeInstanceOf(UserError);
    const m = (thrown as Error).message;
    expect(m.startsWith(`${f}: `), m).toBe(true);
    return m.slice(f.length + 2);
  };
  const base = (extra: string) => `scenario: team.yaml\nduration: 4h\nincidents: [{ id: DB-DOWN, at: 10m, class: db }]\nexpect: [DB-DOWN acknowledged within 20m]\n${extra}`;
  it.each([
    ['silent: ann', 'silent: "ann" is not a list; expected a list of engineer ids who never acknowledge'],
    ['away: {}', 'away: {} is not a list; expected a list of absences: { engineer, from?, to? }'],
    ['away: [ann]', 'away[0]: "ann" is not a mapping; expected an absence: { engineer, from?, to? }'],
    ['away: [{ engineer: ann, from: 2h, to: 1h }]', 'away[0].to: "1h" is not after from ("2h")'],
    ['away: [{ who: ann }]', 'away[0].who: unknown key; expected one of engineer, from, to'],
    ['notifications: 5', 'notifications: 5 is not a mapping; expected a mapping { delay?, loss? }'],
    ['notifications: { loss: "half" }', 'notifications.loss: "half" is not a share; expected a number between 0 and 1'],
    ['background: "yes"', 'background: "yes" is not true or false'],
    ['ackDelay: [3m]', 'ackDelay: ["3m"] is not a duration; expected a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes'],
  ])('%s', (extra, message) => {
    expect(refused(base(extra))).toBe(message);
  });
  it('an expectation naming a team that does not exist', () => {
    expect(refused(base('').replace('[DB-DOWN acknowledged within 20m]', '[DB-DOWN escalated to platfrom within 20m]')))
      .toBe('expect[0]: unknown team "platfrom", did you mean "platform"?; expected one of ops, platform');
  });
  it('an expectation that is not a string, an incident that is not a mapping, a missing class', () => {
    expect(refused(base('').replace('[DB-DOWN acknowledged within 20m]', '[{ at: 1 }]'))).toMatch(/^expect\[0\]: \{ at: 1 \} is not an expectation/);
    expect(refused(base('').replace('[{ id: DB-DOWN, at: 10m, class: db }]', '[DB-DOWN]'))).toBe('incidents[0]: "DB-DOWN" is not a mapping; expected an incident: { id, at, class, priority?, category? }');
    expect(refused(base('').replace(', class: db', ''))).toBe('incidents[0].class: missing; expected one of db');
  });
  it("duration: 0 blames the drill's duration, not the scenario's warm-up", () => {
    expect(refused(base('').replace('duration: 4h', 'duration: 0'))).toBe('duration: 0 is zero; expected a positive duration (how long the drill runs)');
  });
  it('a missing scenario field says it is missing', () => {
    expect(refused(base('').replace('scenario: team.yaml\n', ''))).toBe('scenario: missing; expected the path of a scenario file (relative to the drill file)');
  });
  it('--runs beyond 10,000 (or not a whole number) is refused before any run', () => {
    const drill = loadDrill(files(SILENT_ANN));
    for (const runs of [1_000_000, 0, Number.NaN, 2.5]) expect(() => drillProbabilities(drill, runs)).toThrow(UserError);
    expect(() => drillProbabilities(drill, 1_000_000)).toThrow('--runs: 1000000 is not a number of runs; expected a whole number from 1 to 10,000');
  });
});
