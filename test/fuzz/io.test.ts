/**
 * Fuzz: hostile input through the CLI's I/O faces — damaged exports (CSV, gzip, binary) through
 * `import` and `fit`, damaged JSON-lines events and rosters through `assign`, damaged partial
 * results through `merge`, and command lines with mistakes in their options. Each case runs the
 * real entry point in-process (harness.ts) and must complete, or be refused with the one-line user
 * error naming the file, field, row, line or option, exit 2 and nothing written; never a crash, a
 * hang, a stack trace or output left behind. Command lines with a mistake must always be refused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { describeFailures, fuzzRuns, Harness, runFuzz } from './harness.js';
import { assignCases, csvCases, mergeCases, optionCases } from './gen/io.js';

const harness = new Harness({ timeoutMs: 60_000 });
afterAll(() => harness.close());

describe('fuzz: I/O', () => {
  it('exports (CSV rows and files, gzip, binary) through import and fit', async () => {
    const t = await runFuzz('io-csv', csvCases(), harness, fuzzRuns('io-csv'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('JSON-lines events and rosters through assign', async () => {
    const t = await runFuzz('io-assign', assignCases(), harness, fuzzRuns('io-assign'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('partial results through merge', async () => {
    const t = await runFuzz('io-merge', mergeCases(), harness, fuzzRuns('io-merge'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);

  it('command lines with mistakes in their options are refused before any work', async () => {
    const t = await runFuzz('io-options', optionCases(), harness, fuzzRuns('io-options'));
    expect(t.failures, describeFailures(t)).toEqual([]);
  }, 600_000);
});
