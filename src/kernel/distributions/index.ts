import { UserError, show } from '../../errors.js';
import { DURATION_FORMS, parseDuration } from '../duration.js';
import { constant, deterministic } from './deterministic.js';
import { empirical } from './empirical.js';
import { exponential } from './exponential.js';
import { gamma } from './gamma.js';
import { geometric } from './geometric.js';
import { lognormal } from './lognormal.js';
import { mixture } from './mixture.js';
import { normal } from './normal.js';
import { poisson } from './poisson.js';
import { triangular } from './triangular.js';
import { uniform } from './uniform.js';
import { weibull } from './weibull.js';
import type { Distribution, DistributionFamily, SpecArgs, SpecValue } from './types.js';

export type { Distribution, DistributionFamily, SpecArgs, SpecValue } from './types.js';
export { constant } from './deterministic.js';

/**
 * Every distribution family, registered by name. Add a family by writing one file exporting a
 * {@link DistributionFamily} and listing it here.
 */
export const families: ReadonlyMap<string, DistributionFamily> = new Map(
  [deterministic, exponential, uniform, triangular, normal, lognormal, gamma, weibull, empirical, mixture, poisson, geometric].map((f) => [f.name, f]),
);

function acceptedForms(): string {
  return `${DURATION_FORMS} (a fixed value), or name(parameters) with name one of ${[...families.keys()].join(', ')} (e.g. exponential(mean=1h), lognormal(median=30m, p90=2h))`;
}

/** Split `text` on commas that are not inside (), [] or quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || parts.length > 0) parts.push(last);
  return parts;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

function parseValue(raw: string): SpecValue {
  const t = raw.trim();
  if (t.startsWith('[') && t.endsWith(']')) return splitTopLevel(t.slice(1, -1)).map(unquote);
  return unquote(t);
}

/** Parse the inside of `name(...)` into positional and `key=value` arguments. */
function parseArgs(inner: string): SpecArgs | undefined {
  const positional: SpecValue[] = [];
  const named = new Map<string, SpecValue>();
  for (const part of splitTopLevel(inner)) {
    if (part === '') return undefined;
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=(.*)$/s.exec(part);
    if (m) {
      const key = m[1].toLowerCase();
      if (named.has(key)) return undefined;
      named.set(key, parseValue(m[2]));
    } else positional.push(parseValue(part));
  }
  return { positional, named };
}

/**
 * Parse a distribution spec. A number or plain duration (`15m`, `90`) is a deterministic value; a
 * string `name(args)` builds the registered family `name`, e.g. `exponential(mean=1h)`,
 * `lognormal(median=30m, p90=2h)`, `gamma(mean=3h, cv=0.8)`, `triangular(5m, 20m, 2h)`,
 * `poisson(mean=3)`. Parameters that are times take durations. Bad input throws one
 * {@link UserError} line naming `path`, the value and the accepted forms.
 */
export function parseDistribution(spec: string | number, path = 'distribution'): Distribution {
  if (typeof spec === 'number') return constant(parseDuration(spec, path));
  if (typeof spec !== 'string') throw new UserError(`${path}: invalid distribution ${show(spec)}; expected ${acceptedForms()}`);
  const text = spec.trim();
  const call = /^([a-zA-Z][a-zA-Z0-9_-]*)\s*\((.*)\)$/s.exec(text);
  if (call === null) {
    try {
      return constant(parseDuration(text, path));
    } catch {
      throw new UserError(`${path}: invalid distribution ${show(spec)}; expected ${acceptedForms()}`);
    }
  }
  const family = families.get(call[1].toLowerCase());
  if (family === undefined) throw new UserError(`${path}: unknown distribution ${show(call[1])} in ${show(spec)}; expected ${acceptedForms()}`);
  const args = parseArgs(call[2]);
  if (args === undefined) throw new UserError(`${path}: malformed arguments in ${show(spec)} (empty or repeated argument); expected ${family.forms}`);
  return family.create(args, path, parseDistribution);
}
