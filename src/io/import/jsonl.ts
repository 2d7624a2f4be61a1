import { createInterface } from 'node:readline';
import { UserError } from '../../errors.js';
import { regularFileStream } from '../files.js';
import { loadHistory, type ImportOptions } from './index.js';
import type { HistoricalIncident, ImportSummary } from './types.js';

/**
 * The normalised history `incisim import --out` writes: one HistoricalIncident per line as JSON
 * (instants as epoch ms), so `fit` and `replay` can re-read it without the export's profile.
 */
export function incidentLine(inc: HistoricalIncident): string {
  return JSON.stringify(inc) + '\n';
}

/**
 * Reads incidents from `file`: a `.jsonl` written by `incisim import --out`, or any export the
 * importer reads (CSV / CSV.gz through a profile; `options` as for importHistory).
 */
export async function readHistory(file: string, options: ImportOptions = {}): Promise<{ incidents: HistoricalIncident[]; summary: ImportSummary }> {
  if (!file.endsWith('.jsonl')) return loadHistory(file, options);
  const incidents: HistoricalIncident[] = [];
  let row = 0;
  const stream = regularFileStream(file, 'the history');
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    row++;
    if (text.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new UserError(`${file}: line ${row}: not valid JSON; expected one incident object per line (incisim import --out)`);
    }
    const o = v as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o.id !== 'string' || typeof o.openedAt !== 'number' || !Number.isFinite(o.openedAt)) {
      throw new UserError(`${file}: line ${row}: expected an object with a string "id" and a numeric "openedAt" (epoch ms)`);
    }
    incidents.push(o as unknown as HistoricalIncident);
  }
  return {
    incidents,
    summary: { file, profile: 'jsonl', rowsRead: row, incidentsKept: incidents.length, rowsSkipped: 0, skippedBy: {}, firstErrors: [] },
  };
}
