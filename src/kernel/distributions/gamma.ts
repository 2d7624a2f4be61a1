import type { Random } from '../rng.js';
import { Params } from './args.js';
import { dur, num, openUniform, standardNormal } from './math.js';
import type { DistributionFamily } from './types.js';

/**
 * One Gamma(shape, 1) draw: Marsaglia & Tsang (2000) squeeze/rejection for shape ≥ 1; for
 * shape < 1, Gamma(shape + 1, 1)·U^(1/shape).
 */
export function standardGamma(shape: number, random: Random): number {
  if (shape < 1) return standardGamma(shape + 1, random) * Math.pow(openUniform(random), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = openUniform(random);
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Gamma duration, by mean and coefficient of variation (shape = 1/cv², scale = mean·cv²) or by
 * shape and scale (minutes). Mean = shape·scale, variance = shape·scale².
 */
export const gamma: DistributionFamily = {
  name: 'gamma',
  forms: 'gamma(mean=3h, cv=0.8) or gamma(shape=2, scale=1h)',
  create(args, path) {
    const p = new Params(args, path, this.name, this.forms);
    let shape: number;
    let scale: number;
    let spec: string;
    if (p.has('shape') || p.has('scale')) {
      shape = p.number('shape');
      scale = p.duration('scale');
      p.done(0);
      spec = `gamma(shape=${num(shape)}, scale=${dur(scale)})`;
    } else {
      const mean = p.duration('mean');
      const cv = p.number('cv');
      p.done(0);
      shape = 1 / (cv * cv);
      scale = mean * cv * cv;
      spec = `gamma(mean=${dur(mean)}, cv=${num(cv)})`;
    }
    return {
      kind: 'gamma',
      mean: shape * scale,
      variance: shape * scale * scale,
      sample: (random) => scale * standardGamma(shape, random),
      toString: () => spec,
    };
  },
};
