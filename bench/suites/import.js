/**
 * Benchmark: import + fit of the shared UCI event log (46 MB of CSV, gzip-compressed; 141,712
 * rows, 24,918 incidents). Runs the built library (dist/), so `npm run bench` builds first.
 *
 * Returns seconds for the import (streaming gunzip + CSV parse + per-incident events) plus the
 * capacity fit `incisim fit` runs on an event log (timelines, work content by the shared discipline
 * inverted, headcount, presence, concurrency, paths, recency half-life by validation) — best of 3 —
 * as `uci_import_fit_s`; the elapsed-time fit of one-row exports as `uci_import_fit_elapsed_s`;
 * the import's throughput and the process's peak resident memory.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const LOG = resolve(root, 'data/uci-incident-event-log/incident_event_log.csv.gz');

export async function run() {
  const { loadHistory } = await import(resolve(root, 'dist/io/import/index.js'));
  const { fitHistory } = await import(resolve(root, 'dist/fit/index.js'));
  const { fitCapacity } = await import(resolve(root, 'dist/fit/capacity.js'));
  let best = Infinity;
  let bestElapsed = Infinity;
  let bestImport = Infinity;
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const { incidents, summary } = await loadHistory(LOG);
    const t1 = performance.now();
    fitCapacity(incidents);
    const t2 = performance.now();
    fitHistory(incidents);
    const t3 = performance.now();
    rows = summary.rowsRead;
    best = Math.min(best, (t2 - t0) / 1000);
    bestElapsed = Math.min(bestElapsed, (t1 - t0 + t3 - t2) / 1000);
    bestImport = Math.min(bestImport, (t1 - t0) / 1000);
  }
  return {
    uci_import_fit_s: best,
    uci_import_fit_elapsed_s: bestElapsed,
    uci_import_rows_per_s: Math.round(rows / bestImport),
    uci_import_fit_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
