/**
 * Benchmark: import + fit of the shared UCI event log (46 MB of CSV, gzip-compressed; 141,712
 * rows, 24,918 incidents). Runs the built library (dist/), so `npm run bench` builds first.
 *
 * Returns seconds for the import (streaming gunzip + CSV parse + per-incident merge) plus the fit
 * (weekly volumes, hour-of-week profile, 4-family MLE per priority, team and class) — best of 3 —
 * with the import's throughput and the process's peak resident memory.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const LOG = resolve(root, 'data/uci-incident-event-log/incident_event_log.csv.gz');

export async function run() {
  const { loadHistory } = await import(resolve(root, 'dist/io/import/index.js'));
  const { fitHistory } = await import(resolve(root, 'dist/fit/index.js'));
  let best = Infinity;
  let bestImport = Infinity;
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const { incidents, summary } = await loadHistory(LOG);
    const t1 = performance.now();
    fitHistory(incidents);
    const t2 = performance.now();
    rows = summary.rowsRead;
    best = Math.min(best, (t2 - t0) / 1000);
    bestImport = Math.min(bestImport, (t1 - t0) / 1000);
  }
  return {
    uci_import_fit_s: best,
    uci_import_rows_per_s: Math.round(rows / bestImport),
    uci_import_fit_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
