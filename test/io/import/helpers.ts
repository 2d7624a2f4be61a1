import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = mkdtempSync(join(tmpdir(), 'incisim-import-'));

/** Writes `text` (lines joined with \n) to a fresh file in a temp folder and returns its path. */
export function file(name: string, lines: string[] | string | Buffer, gzip = false): string {
  const text = Array.isArray(lines) ? lines.join('\n') + '\n' : lines;
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

/** The UCI event log shipped in data/ (see test/data.ts). */
export { UCI } from '../../data.js';

export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 16));
