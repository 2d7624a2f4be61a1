/**
 * A replication that outgrows its bounds stops with a one-line UserError naming the cause, instead
 * of running for hours or until memory runs out (#22.3): more events than `maxEvents`, a storm
 * burst of more than 10,000 incidents. The CLI says so in one line, exit 2, nothing written, with
 * worker threads too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { buildModel } from '../../src/model/build.js';
import { validateScenario } from '../../src/scenario/load.js';
import { runReplication } from '../../src/sim/lifecycle/index.js';
import { tinyScenario } from './helpers.js';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error');
}

describe('runaway replications', () => {
  it('more events than maxEvents: stopped, saying when, how much is open and of which class', () => {
    const s = validateScenario(tinyScenario({ arrivals: [{ class: 'flood', rate: { perHour: 60 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }] }] }), 'tiny');
    const e = thrown(() => runReplication(buildModel(s), { index: 0, maxEvents: 2000 }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^replication 0: stopped at day 0\.\d of 2\.0 after more than 2,000 events \(--max-events\); \d[\d,]* incidents open, \d[\d,]* of them of arrivals\[0\] "flood" — raise --max-events, or lower the rates or storms, or shorten the horizon$/);
  });

  it('the same run within its budget is unchanged by the bound (it runs in chunks)', () => {
    const s = validateScenario(tinyScenario({ arrivals: [{ class: 'flood', rate: { perHour: 2 }, priority: 'P3', path: [{ team: 'desk', work: '30m' }] }] }), 'tiny');
    const a = runReplication(buildModel(s), { index: 0 });
    const b = runReplication(buildModel(s), { index: 0, maxEvents: a.events });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(() => runReplication(buildModel(s), { index: 0, maxEvents: a.events - 1 })).toThrow(UserError);
  });

  it('a storm burst beyond 10,000 incidents names the field', () => {
    const s = validateScenario(tinyScenario({
      arrivals: [
        { class: 'trigger', rate: { perHour: 1 }, priority: 'P3', path: [{ team: 'desk', work: '5m' }], storms: { probability: 1, size: '20000', within: '1h', class: 'echo' } },
        { class: 'echo', rate: { perHour: 0 }, priority: 'P3', path: [{ team: 'desk', work: '5m' }] },
      ],
    }), 'tiny');
    const e = thrown(() => runReplication(buildModel(s), { index: 0 }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^arrivals\[0\]\.storms\.size: drew a burst of 20,000 incidents at once \(day 0\.\d, replication 0\); expected at most 10,000/);
  });

  it('incisim run: one line, exit 2, nothing written — from worker threads too', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'incisim-runaway-')), 'out');
    const r = spawnSync('node', ['bin/incisim.js', 'run', 'scenarios/mmc.yaml', '--set', 'horizon=2d', '--set', 'warmup=0', '--replications', '4', '--workers', '2', '--max-events', '1000', '--out', out], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^incisim: replication \d: stopped at day [\d.]+ of 2\.0 after more than 1,000 events \(--max-events\);[^\n]*\n$/);
    expect(existsSync(out)).toBe(false);
  });

  it('incisim run --max-events that is not a whole number ≥ 1', () => {
    const r = spawnSync('node', ['bin/incisim.js', 'run', 'scenarios/mmc.yaml', '--max-events', '0.5', '--out', '/nonexistent/x'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('incisim: --max-events: 0.5 is not a number of events; expected a whole number ≥ 1\n');
  });
});
