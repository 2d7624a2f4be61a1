import cliProgress from 'cli-progress';
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

/**
 * A progress bar with an ETA on stderr, or undefined when stderr is not a terminal (CI, pipes):
 * then nothing is printed.
 */
export function progressBar(total: number): { update(done: number): void; stop(): void } | undefined {
  if (!process.stderr.isTTY || total < 2) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'replications [{bar}] {value}/{total}  eta {eta_formatted}', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (d) => bar.update(d), stop: () => bar.stop() };
}
