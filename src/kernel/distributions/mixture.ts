import { Params } from './args.js';
import { num } from './math.js';
import type { Distribution, DistributionFamily } from './types.js';

/**
 * Finite mixture: with probability wᵢ draw from component i. Written
 * `mixture(0.7: exponential(mean=20m), 0.3: lognormal(median=4h, p90=1d))`; weights are > 0 and
 * sum to 1. Sampling uses one uniform to pick the component, then the component's own draws.
 * Mean Σwᵢμᵢ, variance Σwᵢ(σᵢ² + μᵢ²) − mean².
 */
export const mixture: DistributionFamily = {
  name: 'mixture',
  forms: 'mixture(0.7: exponential(mean=20m), 0.3: lognormal(median=4h, p90=1d))',
  create(args, path, parse) {
    const p = new Params(args, path, this.name, this.forms);
    p.done(Infinity);
    if (args.positional.length < 1) p.failSpec('mixture needs at least one "weight: distribution" component');
    const weights: number[] = [];
    const parts: Distribution[] = [];
    args.positional.forEach((raw, i) => {
      const m = typeof raw === 'string' ? /^([^:]+):(.+)$/s.exec(raw) : null;
      if (m === null) return p.fail(`component ${i + 1}`, raw, '"weight: distribution"');
      const w = Number(m[1]);
      if (!(w > 0 && w <= 1)) p.fail(`component ${i + 1} weight`, m[1].trim(), 'a probability in (0, 1]');
      weights.push(w);
      parts.push(parse(m[2].trim(), `${path}.mixture[${i}]`));
    });
    const total = weights.reduce((s, w) => s + w, 0);
    if (Math.abs(total - 1) > 1e-9) p.failSpec(`mixture weights sum to ${num(total)}, not 1`);
    const cumulative = Float64Array.from(weights.map((_, i) => weights.slice(0, i + 1).reduce((s, w) => s + w, 0) / total));
    const mean = parts.reduce((s, d, i) => s + weights[i] * d.mean, 0);
    const second = parts.reduce((s, d, i) => s + weights[i] * (d.variance + d.mean * d.mean), 0);
    return {
      kind: 'mixture',
      mean,
      variance: Math.max(0, second - mean * mean),
      sample(random) {
        const u = random();
        let i = 0;
        while (i < parts.length - 1 && u >= cumulative[i]) i++;
        return parts[i].sample(random);
      },
      toString: () => `mixture(${parts.map((d, i) => `${num(weights[i])}: ${d.toString()}`).join(', ')})`,
    };
  },
};
