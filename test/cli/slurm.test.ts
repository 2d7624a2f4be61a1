/**
 * A real cluster engine: the shards of a run submitted to Slurm as an array job (`sbatch --array`,
 * each task reading `SLURM_ARRAY_TASK_ID`), merged by a job that depends on the array
 * (`--dependency=afterok`), give the summary.json and incidents.csv of one run byte for byte —
 * exactly the recipe the README shows. Needs a running Slurm: `bash scripts/slurm/start.sh`
 * installs and starts a one-node cluster (`.ci/run` does it first). Needs the build.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', cwd: root, timeout: 240_000 });
const base = mkdtempSync(join(tmpdir(), 'incisim-slurm-'));
const run = ['scenarios/mmc.yaml', '--set', 'horizon=9d', '--set', 'warmup=2d', '--replications', '6', '--workers', '1'];

beforeAll(() => {
  const info = sh('sinfo', ['-h', '-t', 'idle,mix,alloc', '-o', '%N']);
  if (info.error || info.status !== 0 || !info.stdout.trim()) {
    throw new Error('no Slurm cluster answers sinfo: bash scripts/slurm/start.sh installs and starts a one-node one (.ci/run does)');
  }
});

describe('the shards of a run as a Slurm array job', () => {
  it('runs one task per shard and a dependent merge that writes the single-run summary byte for byte', () => {
    const parts = join(base, 'parts');
    const script = join(base, 'incisim-array.sh');
    writeFileSync(
      script,
      [
        '#!/bin/bash',
        '#SBATCH --job-name=incisim-test',
        '#SBATCH --array=0-2',
        '#SBATCH --cpus-per-task=1',
        `#SBATCH --output=${join(base, 'task-%a.log')}`,
        `node bin/incisim.js run ${run.join(' ')} --shard "$SLURM_ARRAY_TASK_ID/3" --out ${parts}`,
        '',
      ].join('\n'),
    );
    const array = sh('sbatch', ['--parsable', `--chdir=${root}`, script]);
    expect(array.stderr).toBe('');
    expect(array.status).toBe(0);
    const job = array.stdout.trim().split(';')[0];
    expect(job).toMatch(/^\d+$/);

    const merge = sh('sbatch', [
      '--wait', `--chdir=${root}`, `--dependency=afterok:${job}`, `--output=${join(base, 'merge.log')}`,
      '--wrap', `node bin/incisim.js merge ${parts}/partial-*-of-3.json --out ${join(base, 'merged')} --no-report`,
    ]);
    expect(merge.status, readFileSync(join(base, 'merge.log'), 'utf8')).toBe(0);
    expect(readdirSync(parts).sort()).toEqual(['partial-0-of-3.json', 'partial-1-of-3.json', 'partial-2-of-3.json']);
    for (const i of [0, 1, 2]) {
      expect(readFileSync(join(base, `task-${i}.log`), 'utf8')).toBe(`wrote ${parts}/partial-${i}-of-3.json (replications ${i}, ${i + 3})\n`);
    }

    const whole = sh('node', ['bin/incisim.js', 'run', ...run, '--out', join(base, 'whole'), '--no-report']);
    expect(whole.status).toBe(0);
    for (const f of ['summary.json', 'incidents.csv']) {
      expect(readFileSync(join(base, 'merged', f), 'utf8'), f).toBe(readFileSync(join(base, 'whole', f), 'utf8'));
    }
  }, 300_000);
});
