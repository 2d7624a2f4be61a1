/**
 * Benchmark: start-up of the command line (issue 16). Each command runs as its own process, the
 * three alternating, 10 rounds, the best wall time of each counts (spawn to exit):
 *
 * - `help_vs_node`: `node bin/incisim.js --help` ÷ `node -e 0` (Node's own start-up). Subcommands
 *   load only when they run, so --help costs Node, yargs and the command list. Target ≤ 2.
 * - `validate_vs_node`: `node bin/incisim.js validate scenarios/default.yaml` ÷ `node -e 0`: reading
 *   YAML, the schema check compiled ahead of time (dist/scenario/shape-validator.cjs), the
 *   cross-reference checks and building the model.
 * - `yargs_import_vs_node`: `node -e "await import('yargs')"` ÷ `node -e 0`: the floor under
 *   help_vs_node as long as the command line is yargs (its ~40 modules and string-width's tables).
 * - `node_start_s`, `help_s`, `validate_s`, `yargs_import_s`: the best wall times.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const bin = resolve(root, 'bin/incisim.js');

function wall(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return s;
}

export async function run() {
  const runs = { node: ['-e', '0'], help: [bin, '--help'], validate: [bin, 'validate', 'scenarios/default.yaml'], yargs: ['--input-type=module', '-e', "await import('yargs')"] };
  const best = { node: Infinity, help: Infinity, validate: Infinity, yargs: Infinity };
  for (let i = 0; i < 10; i++) for (const [k, args] of Object.entries(runs)) best[k] = Math.min(best[k], wall(args));
  process.stderr.write(`  startup: node ${best.node.toFixed(3)} s, --help ${best.help.toFixed(3)} s, validate ${best.validate.toFixed(3)} s, import('yargs') ${best.yargs.toFixed(3)} s\n`);
  return {
    node_start_s: best.node,
    help_s: best.help,
    validate_s: best.validate,
    yargs_import_s: best.yargs,
    yargs_import_vs_node: best.yargs / best.node,
    help_vs_node: best.help / best.node,
    validate_vs_node: best.validate / best.node,
  };
}
