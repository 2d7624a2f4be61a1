import { UserError } from '../../errors.js';

/** Report formats a run can write. */
export const REPORT_FORMATS = ['html', 'json', 'csv', 'svg', 'png'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Parses `--format html,svg,png`; html, json and csv are always written. */
export function parseFormats(text: string): ReportFormat[] {
  const out = new Set<ReportFormat>(['html', 'json', 'csv']);
  for (const f of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(REPORT_FORMATS as readonly string[]).includes(f)) {
      throw new UserError(`--format: unknown format "${f}"; expected a comma-separated list of ${REPORT_FORMATS.join(', ')}`);
    }
    out.add(f as ReportFormat);
  }
  return [...out];
}
