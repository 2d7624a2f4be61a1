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
