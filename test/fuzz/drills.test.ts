/** Fuzz: hostile drill files through `incisim drill` (see harness.ts for what is judged). */
import { afterAll, describe, expect, it } from 'vitest';
import { describeFailures, fuzzRuns, Harness, runFuzz } from './harness.js';
import { drillCases } from './gen/drill.js';

const harness = new Harness({ timeoutMs: 60_000 });
afterAll(() => harness.close());

describe('fuzz: drills', () => {
  it('incisim drill on damaged and mutated bundled drills', async () => {
    const t = await runFuzz('drill', drillCases(), harness, fuzzRuns('drill'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);
});
