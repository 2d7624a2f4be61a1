/**
 * The real data the tests read, shipped in the repository's data/ folder (see data/README.md for
 * its credit and licence). No path outside the repository is ever looked at.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The absolute path of a file under the repository's data/ folder. */
export function repoData(relative: string): string {
  return join(ROOT, 'data', relative);
}

/** The UCI ServiceNow incident event log (141,712 rows, 24,918 incidents; CC BY 4.0). */
export const UCI = repoData('uci-incident-event-log/incident_event_log.csv.gz');
