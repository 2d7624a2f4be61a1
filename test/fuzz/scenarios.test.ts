/**
 * Fuzz: hostile scenario files and `--set` lines through the real CLI. Every case must complete, or
 * be refused with the project's one-line user error naming where (file, field, line), exit 2,
 * nothing written; never a crash, a hang, a stack trace or output left behind (see harness.ts).
 * `npm test` runs a few hundred cases; `npm run fuzz -- --runs 10000` runs 10,000 in all.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { describeFailures, fuzzRuns, Harness, runFuzz } from './harness.js';
import { scenarioCases, setCases } from './gen/scenario.js';

// a real hang never ends: the bound only has to outlast a slow case on a loaded machine
const harness = new Harness({ timeoutMs: 60_000 });
afterAll(() => harness.close());

describe('fuzz: scenarios', () => {
  it('incisim validate on mutated bundled scenarios', async () => {
    const t = await runFuzz('scenario-validate', scenarioCases({ command: 'validate' }), harness, fuzzRuns('scenario-validate'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('incisim run on mutated bundled scenarios (shortened)', async () => {
    const t = await runFuzz('scenario-run', scenarioCases({ command: 'run' }), harness, fuzzRuns('scenario-run'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('--set lines on validate and run', async () => {
    const t = await runFuzz('set', setCases(), harness, fuzzRuns('set'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);
});
