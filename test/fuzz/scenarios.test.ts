/**
 * Fuzz: hostile scenario files and `--set` lines through the real CLI. Every case must complete, or
 * be refused with the project's one-line user error naming where (file, field, line), exit 2,
 * nothing written; never a crash, a hang, a stack trace or output left behind (see harness.ts).
 * `npm test` runs a few hundred cases; `npm run fuzz -- --runs 10000` runs that many per generator.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { deepRun, describeFailures, fuzzRuns, Harness, runFuzz } from './harness.js';
import { scenarioCases, setCases } from './gen/scenario.js';

const harness = new Harness({ timeoutMs: deepRun() ? 30_000 : 15_000 });
afterAll(() => harness.close());

describe('fuzz: scenarios', () => {
  it('incisim validate on mutated bundled scenarios', async () => {
    const t = await runFuzz('scenario-validate', scenarioCases({ command: 'validate' }), harness, fuzzRuns(120));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('incisim run on mutated bundled scenarios (shortened)', async () => {
    const t = await runFuzz('scenario-run', scenarioCases({ command: 'run' }), harness, fuzzRuns(30));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('--set lines on validate and run', async () => {
    const t = await runFuzz('set', setCases(), harness, fuzzRuns(60));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);
});
