/**
 * The one way incisim opens a file the user named (scenario, roster, drill, mapping, comparison,
 * partial result, empirical data, export, event stream): it must be a regular file — a FIFO would
 * block for ever, `/dev/zero` would grow without end, a directory fails with EISDIR — and a file
 * read whole must not exceed a byte limit. Every refusal is a one-line UserError naming the file.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync, type ReadStream } from 'node:fs';
import { UserError } from '../errors.js';

/** The largest text file read whole by default (scenarios, rosters, drills, mappings): 64 MiB. */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** The largest partial result `merge` reads: 512 MiB (about V8's longest string). */
export const MAX_PARTIAL_BYTES = 512 * 1024 * 1024;

const KIND: [(s: import('node:fs').Stats) => boolean, string][] = [
  [(s) => s.isDirectory(), 'a directory'],
  [(s) => s.isFIFO(), 'a named pipe (FIFO)'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
];

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/**
 * Opens `file` for reading and returns its descriptor and size, refusing what is not a regular
 * file. The open never blocks (O_NONBLOCK: a FIFO without a writer would block a plain open), and
 * the type is checked on the opened descriptor, so nothing can be swapped in between.
 * `what` names the file's role in messages ("the scenario file", "the events").
 */
export function openRegularFile(file: string, what: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENAMETOOLONG' ? 'the path is too long' : code ?? String(e);
    throw new UserError(`${file}: cannot read ${what} (${why})`);
  }
  const stats = fstatSync(fd);
  if (!stats.isFile()) {
    closeSync(fd);
    const kind = KIND.find(([test]) => test(stats))?.[1] ?? 'not a regular file';
    throw new UserError(`${file}: cannot read ${what} (${kind}, not a regular file)`);
  }
  return { fd, size: stats.size };
}

/**
 * Reads a whole regular file as UTF-8 text, refusing one larger than `maxBytes` (checked on its
 * size and again while reading, in case it grows).
 */
export function readTextFile(file: string, what: string, maxBytes = MAX_TEXT_BYTES): string {
  const { fd, size } = openRegularFile(file, what);
  try {
    const tooLarge = () => new UserError(`${file}: ${what} is larger than ${mib(maxBytes)}; expected a smaller file`);
    if (size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(size - total + 1, 4096), 1 << 20));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge();
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** A read stream over a regular file (refused otherwise, as openRegularFile). */
export function regularFileStream(file: string, what: string): ReadStream {
  const { fd } = openRegularFile(file, what);
  return createReadStream('', { fd });
}
