/** `incisim erlang`: Erlang C answers from flags. Needs the build (`npx tsc -p .`) first. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const cli = (...args: string[]) => spawnSync('node', ['bin/incisim.js', 'erlang', ...args], { encoding: 'utf8' });

describe('incisim erlang', () => {
  it('sizes the worked example: 200/h, AHT 3m, 80% in 20 s → 14 agents, 20 positions at 30% shrinkage', () => {
    const r = cli('--rate', '200/h', '--aht', '3m', '--target', '20s', '--sl', '0.8', '--shrinkage', '0.3');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('offered load 10.000 Erlangs (200 arrivals/h × 3m AHT), service level = answered within 20s');
    expect(lines[1].split(/\s+/).filter(Boolean)).toEqual(['agents', 'positions', 'P(wait)', 'SL', 'ASA', 'occupancy']);
    const row = (n: number) => lines.find((l) => l.trim().startsWith(`${n} `))!.trim().split(/\s+/);
    expect(row(13)).toEqual(['13', '19', '0.2853', '79.6%', '17.1s', '76.9%']);
    expect(row(14)).toEqual(['14', '20', '0.1741', '88.8%', '7.8s', '71.4%', '←']);
    expect(lines.at(-1)).toBe('answer: 14 agents (88.8% within 20s ≥ 80.0%), 20 positions at 30.0% shrinkage');
  });

  it('prints the answer and the table as JSON with --json (same figures, full precision)', () => {
    const r = cli('--arrivals', '100/30m', '--aht', '3m', '--sl', '0.8', '--shrinkage', '0.3', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.offeredErlangs).toBeCloseTo(10, 12);
    expect(out.answer.agents).toBe(14);
    expect(out.answer.positions).toBe(20);
    expect(out.answer.probabilityOfWait).toBeCloseTo(0.174132, 6);
    expect(out.answer.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(out.answer.occupancy).toBeCloseTo(0.714286, 6);
    expect(out.rows.map((x: { agents: number }) => x.agents)).toEqual([11, 12, 13, 14, 15, 16, 17]);
  });

  it('evaluates a given headcount with --agents', () => {
    const r = cli('--rate', '200', '--aht', '180s', '--agents', '13');
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('13 agents: 79.6% within 20s, P(wait) 0.2853, ASA 17.1s, occupancy 76.9%');
  });

  it.each([
    [['--rate', '0/h', '--aht', '3m', '--sl', '0.8'], 'incisim: --rate: invalid arrival rate "0/h"; expected arrivals per period > 0 such as 200/h, 100/30m, 4800/d or a plain number per hour'],
    [['--rate=-5/h', '--aht', '3m', '--sl', '0.8'], 'incisim: --rate: invalid arrival rate "-5/h"; expected arrivals per period > 0 such as 200/h, 100/30m, 4800/d or a plain number per hour'],
    [['--rate', '200/fortnight', '--aht', '3m', '--sl', '0.8'], 'incisim: --rate: invalid arrival rate "200/fortnight"; expected arrivals per period > 0 such as 200/h, 100/30m, 4800/d or a plain number per hour'],
    [['--rate', '200/h', '--aht', '3q', '--sl', '0.8'], 'incisim: --aht: invalid duration "3q"; expected a duration such as 90s, 15m, 4h, 1h30m, 3d, 1w or a plain number of minutes'],
    [['--rate', '200/h', '--aht', '3m', '--sl', '80'], 'incisim: --sl: "80" is out of range; expected a share strictly between 0 and 1, such as 0.8'],
    [['--rate', '200/h', '--aht', '3m', '--sl', '0.8', '--shrinkage', '1.2'], 'incisim: --shrinkage: "1.2" is out of range; expected a share in [0, 1), such as 0.3'],
    [['--rate', '200/h', '--aht', '3m'], 'incisim: erlang: give --sl (a service-level goal such as 0.8, to find the agents needed) or --agents (a headcount to evaluate)'],
  ])('rejects %j with one line and exit 2', (args, message) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${message}\n`);
  });
});
