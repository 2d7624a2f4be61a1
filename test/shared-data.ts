/**
 * Where the shared real data lives (../shared/data beside the repository; never copied into it).
 * Looked up in order: $INCISIM_SHARED_DATA, ../shared/data from the repository root, and
 * /work/shared/data (the workspace's copy, for clones made elsewhere, e.g. CI's clean checkout).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const candidates = [process.env.INCISIM_SHARED_DATA, join(root, '..', 'shared', 'data'), '/work/shared/data'].filter((x): x is string => !!x);

/** The absolute path of a file under the shared data folder; throws naming every place looked at. */
export function sharedData(relative: string): string {
  for (const base of candidates) {
    const p = join(base, relative);
    if (existsSync(p)) return p;
  }
  throw new Error(`shared data ${relative} not found in ${candidates.join(', ')}; set INCISIM_SHARED_DATA to the folder holding it`);
}

/** The UCI ServiceNow incident event log (141,712 rows, 24,918 incidents). */
export const UCI = sharedData('uci-incident-event-log/incident_event_log.csv.gz');
