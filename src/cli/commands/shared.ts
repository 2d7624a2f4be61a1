import cliProgress from 'cli-progress';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
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

/** The longest folder name a default report folder gets (file systems allow 255 bytes). */
export const MAX_FOLDER_NAME = 80;

/**
 * A safe folder name from a scenario or drill name: letters, digits, `.`, `_` and `-` kept, every
 * other run of characters one `-`, no leading dot or dash (so never `..` or hidden); names longer
 * than MAX_FOLDER_NAME are cut and end with 8 hex digits of their sha256, so two long names that
 * share a start still get two folders. `peak-season-2026` stays `peak-season-2026`.
 */
export function folderName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').replace(/-+$/, '');
  if (s === '') s = 'unnamed';
  if (s.length <= MAX_FOLDER_NAME) return s;
  return `${s.slice(0, MAX_FOLDER_NAME - 9)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** The default output folder `reports/<prefix><name><suffix>` of a command. */
export function reportFolder(name: string, suffix = '', prefix = ''): string {
  return join('reports', folderName(`${prefix}${name}${suffix}`));
}
