#!/usr/bin/env node
// `incisim`: exact help and version requests are answered from the texts yargs prints, generated
// at build time (dist/cli/fast.js, dist/cli/help.json); everything else runs the command line.
import { endQuietlyOnClosedStdout, fastAnswer } from '../dist/cli/fast.js';

const argv = process.argv.slice(2);
const answer = fastAnswer(argv, process.stdout.columns);
if (answer !== undefined) {
  endQuietlyOnClosedStdout();
  process.stdout.write(answer);
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(argv);
}
