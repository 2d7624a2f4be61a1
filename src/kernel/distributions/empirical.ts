import { readTextFile } from '../../io/files.js';
import { UserError, show } from '../../errors.js';
import { parseDuration } from '../duration.js';
import { Params } from './args.js';
import { dur } from './math.js';
import type { DistributionFamily } from './types.js';

/** Values of the first column of a CSV file (durations or minutes); a non-numeric first row is a header. */
function readColumn(file: string, path: string): number[] {
  let text: string;
  try {
    text = readTextFile(file, 'the empirical data file');
  } catch (e) {
    throw new UserError(`${path}: ${(e as Error).message}; expected a readable CSV whose first column holds durations`);
  }
  const out: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const cell = lines[i].split(',')[0].trim().replace(/^"(.*)"$/, '$1');
    if (cell === '') continue;
    if (i === 0 && !/^[\d.]/.test(cell)) continue;
    out.push(parseDuration(cell, `${path} (${file} row ${i + 1}, column 1)`));
  }
  return out;
}

/**
 * Empirical distribution of observed values (minutes): resampling picks one observed value
 * uniformly; with `interpolate=true` it samples the piecewise-linear interpolation of the sorted
 * values' quantile function (continuous, between min and max). Values come from a list
 * `empirical([10m, 25m, 2h])` or the first column of a CSV file `empirical(file=times.csv)`
 * (a path relative to the working directory).
 */
export const empirical: DistributionFamily = {
  name: 'empirical',
  forms: 'empirical([10m, 25m, 2h]), empirical(file=times.csv), optionally with interpolate=true',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    const source = p.raw('values', 0) ?? p.raw('file');
    const interpRaw = p.raw('interpolate');
    p.done(1);
    if (interpRaw !== undefined && interpRaw !== 'true' && interpRaw !== 'false') p.fail('interpolate', interpRaw, 'true or false');
    const interpolate = interpRaw === 'true';
    if (source === undefined) return p.failSpec('empirical needs a list of values or a file');
    const fromFile = typeof source === 'string';
    const values = fromFile ? readColumn(source, path) : source.map((v, i) => parseDuration(v, `${path}.values[${i}]`));
    if (values.length === 0) p.failSpec(`empirical has no values${fromFile ? ` in ${source}` : ''}`);
    const sorted = Float64Array.from(values).sort();
    const n = sorted.length;
    let mean = 0;
    let second = 0;
    if (interpolate && n > 1) {
      // Piecewise uniform between consecutive order statistics, each segment with weight 1/(n − 1).
      for (let i = 0; i + 1 < n; i++) {
        const a = sorted[i];
        const b = sorted[i + 1];
        mean += (a + b) / 2;
        second += (a * a + a * b + b * b) / 3;
      }
      mean /= n - 1;
      second /= n - 1;
    } else {
      for (const v of sorted) {
        mean += v;
        second += v * v;
      }
      mean /= n;
      second /= n;
    }
    const variance = Math.max(0, second - mean * mean);
    const suffix = interpolate ? ', interpolate=true' : '';
    const spec = fromFile ? `empirical(file=${source}${suffix})` : `empirical([${values.map(dur).join(', ')}]${suffix})`;
    return {
      kind: 'empirical',
      mean,
      variance,
      sample(random) {
        if (!interpolate || n === 1) return sorted[Math.floor(random() * n)];
        const x = random() * (n - 1);
        const i = Math.floor(x);
        return sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]);
      },
      toString: () => spec,
    };
  },
};
