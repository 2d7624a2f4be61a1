/**
 * What reaches the CSV parser is CSV text, and every parser error is a row/column line: a file
 * gzipped twice or any gzip whose content is binary crashed in csv-parse ("Invalid Opening
 * Quote", an internal error with a stack); now each is one UserError naming the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { loadHistory, MAX_RECORD_CHARS } from '../../../src/io/import/index.js';

const dir = mkdtempSync(join(tmpdir(), 'incisim-text-'));
const file = (name: string, data: string | Buffer) => {
  const f = join(dir, name);
  writeFileSync(f, data);
  return f;
};
const csv = ['number,opened_at,priority', 'INC1,29/2/2016 13:23,2 - High', 'INC2,1/3/2016 9:00,3 - Moderate'].join('\n') + '\n';

async function message(f: string): Promise<string> {
  try {
    await loadHistory(f);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('expected a UserError');
}

describe('content that is not CSV text', () => {
  it('reads the same CSV plain and gzipped once', async () => {
    const plain = await loadHistory(file('once.csv', csv));
    const gz = await loadHistory(file('once.csv.gz', gzipSync(csv)));
    expect(gz.incidents).toEqual(plain.incidents);
    expect(plain.incidents).toHaveLength(2);
  });

  it('a file gzipped twice', async () => {
    const f = file('twice.csv.gz', gzipSync(gzipSync(csv)));
    expect(await message(f)).toBe(`${f}: compressed twice (gzip inside gzip); expected CSV text: decompress it once (gunzip)`);
  });

  it('a gzip of binary data, a ZIP (xlsx) and bytes that are not UTF-8', async () => {
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 256;
    const a = file('binary.csv.gz', gzipSync(bin));
    expect(await message(a)).toBe(`${a}: its content is binary data (a NUL byte in the first 64 KiB), not CSV text; expected a CSV export`);
    const b = file('book.csv', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('rest')]));
    expect(await message(b)).toBe(`${b}: it is a ZIP archive (an .xlsx workbook?), not CSV text; export it as CSV`);
    const c = file('latin1.csv', Buffer.from('number,opened_at\nINC1,caf\xe9\n', 'latin1'));
    expect(await message(c)).toBe(`${c}: it is not UTF-8 text (invalid bytes in the first 64 KiB); expected a CSV export in UTF-8`);
  });
});

describe('csv-parse errors name the row and column', () => {
  it('a quote inside an unquoted field', async () => {
    const f = file('quote.csv', 'number,opened_at\nINC1,1/3/2016 9:00\nINC2,1/3/2016 "9:00"\n');
    expect(await message(f)).toBe(`${f}: row 3, column "opened_at": not valid CSV: a quote inside a field that does not start with one; quote the whole field and double its quotes ("")`);
  });

  it('a character after a closing quote, in a row spanning lines', async () => {
    const f = file('closing.csv', 'number,opened_at\nINC1,"1/3/2016\n9:00"x\n');
    expect(await message(f)).toBe(`${f}: row 2 (line 3), column "opened_at": not valid CSV: a character right after a closing quote; expected a comma or the end of the line`);
  });

  it('a row longer than the record limit (a file with no line ends is not read whole)', async () => {
    const f = file('long.csv', 'number,opened_at\n' + 'x'.repeat(MAX_RECORD_CHARS + 10));
    expect(await message(f)).toBe(`${f}: row 2, column "number": not valid CSV: a row longer than 1,048,576 characters; expected one incident (or event) per line`);
  });
});
