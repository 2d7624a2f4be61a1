/**
 * Generators of hostile scenario files, made from the bundled scenarios by one to three mutations
 * each: a field deleted, a value of the wrong type, out-of-range and huge numbers (NaN, ±∞, 1e300),
 * bad durations, distributions, time zones and dates, broken references, long values and lists,
 * and damage to the YAML text itself (syntax, tabs, duplicate keys, tags, aliases and alias bombs).
 *
 * Each case says what it did in its label (`default.yaml: teams[0].engineers.count = 1e7`). Most
 * mutations may or may not leave a valid scenario (`expect: 'any'`); the ones that can never be
 * valid (a bound exceeded, an unknown team, an unknown field, …) say `expect: 'invalid'`, so an
 * invalid input that is accepted is a failure too.
 */
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { FuzzCase } from '../harness.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const ROOT = new URL('../../../', import.meta.url).pathname;

/** The bundled scenarios: name → parsed document and text. */
export const BUNDLED: { name: string; text: string; doc: Record<string, Json> }[] = ['scenarios', 'scenarios/compare']
  .flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(d, f)))
  .map((f) => {
    const text = readFileSync(join(ROOT, f), 'utf8');
    return { name: f.replace(/^scenarios\//, ''), text, doc: parse(text) as Record<string, Json> };
  });

/** Scenarios small enough to run in a fuzz case (large-org is validated only). */
export const RUNNABLE = BUNDLED.filter((b) => b.name !== 'large-org.yaml');

const HUGE = [1e7, 1e12, 1e300, -1, -1e300, 0, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-300, 1.5, 99999999999];
const BAD_DURATIONS = ['', '5x', '-3h', '1e9w', '9999999999w', '0m', '1e-6m', 'NaN', '3 h', 'h', '1.5.2h', 'Infinityh', '∞', '1e400m', '00:15'];
const BAD_DISTS = [
  'lognormal(median=30m)', 'gamma(mean=-1h, cv=0.8)', 'exponential()', 'weibull(shape=0, scale=1h)', 'normal(mean=1h, sd=1e300h)',
  'empirical()', 'uniform(min=5h, max=1h)', 'lognormal(median=30m, p90=10m)', 'exponential(mean=1e400m)', 'foo(bar=1)', 'gamma(mean=3h, cv=0.8',
  'triangular(min=1h, mode=0, max=2h)', 'mixture(0.5: 1h)', 'poisson(mean=-2)', 'geometric(mean=0)', 'exponential(mean=0m)', 'lognormal(median=1e-300m, p90=1e300m)',
];
const BAD_ZONES = ['Mars/Olympus_Mons', '', 'UTC+25', 'Etc/GMT+15', 'europe/berlin', 'Local', '+25:00', 'America/New York'];
const BAD_DATES = [
  '2026-02-30', '+275760-09-13T00:00:00Z', '2026-11-23T00:00:00+25:00', '0000-01-01', 'yesterday', '2026-13-01', '-271821-04-20T00:00:00Z',
  '2026-11-23T25:00:00Z', '9999-12-31T23:59:59Z', '1000-01-01T00:00:00Z', '2026-11-23T00:00:00', '20261123', '2026-W48-1',
];
const TYPE_SWAPS: Json[] = [null, true, 'x', 3, [], {}, [1, 2], { a: 1 }, '', -0];
/** fields whose value can never be valid once replaced (the must-reject oracle) */
const BOUNDED: { path: Path; values: Json[] }[] = [
  { path: ['replications'], values: [1e12, 1e9, 1e400 as number] },
  { path: ['horizon'], values: ['9999999999w', '1e6w', 1e300] },
  { path: ['start'], values: ['+275760-09-13T00:00:00Z', '2026-11-23T00:00:00+25:00', '2026-02-30T00:00:00Z'] },
  { path: ['teams', 0, 'engineers', 'count'], values: [1e7, 1e9] },
  { path: ['arrivals', 0, 'rate', 'perHour'], values: [1e300, 1e9] },
];

/** Every path in `v` (objects and lists included), depth first. */
function paths(v: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function get(v: Json, p: Path): Json | undefined {
  let cur: Json | undefined = v;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[k];
  }
  return cur;
}

function set(v: Json, p: Path, value: Json | undefined): void {
  const parent = get(v, p.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || parent === undefined) return;
  const k = p[p.length - 1];
  if (value === undefined) {
    if (Array.isArray(parent) && typeof k === 'number') parent.splice(k, 1);
    else delete (parent as Record<string, Json>)[k as string];
  } else (parent as Record<string | number, Json>)[k] = value;
}

export function fieldPath(p: Path): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || '(top level)';
}

function show(v: Json | undefined): string {
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const isDuration = (s: string) => /^\d+(\.\d+)?\s*[smhdw]$/.test(s);
const isDist = (s: string) => /^[a-z]+\(.*\)$/.test(s);
const isDate = (s: string) => /^[+-]?\d{4,6}-\d{2}-\d{2}/.test(s);
const isZone = (s: string) => /^(UTC|[A-Z][a-z]+\/[A-Za-z_]+)$/.test(s);

/** The ids a reference may name, to swap for an unknown one or another existing one. */
const REF_KEYS = new Set(['team', 'to', 'class', 'calendar', 'engineer', 'notify']);

export type Mutation = { kind: string; pick: number; choice: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'type', 'number', 'duration', 'dist', 'zone', 'date', 'ref', 'long', 'unknown-field', 'bounded'),
  pick: fc.nat(),
  choice: fc.nat(),
});

/** Applies one mutation to `doc` in place; returns its label and whether it must be refused. */
export function mutate(doc: Record<string, Json>, m: Mutation): { label: string; invalid: boolean } {
  const all = paths(doc).filter((p) => p.length > 0);
  const leaves = all.filter((p) => { const v = get(doc, p); return v === null || typeof v !== 'object'; });
  const strings = (test: (s: string) => boolean) => leaves.filter((p) => { const v = get(doc, p); return typeof v === 'string' && test(v); });
  const pickFrom = <T>(xs: T[]): T | undefined => (xs.length === 0 ? undefined : xs[m.pick % xs.length]);
  const choose = <T>(xs: readonly T[]): T => xs[m.choice % xs.length];
  const replace = (p: Path | undefined, values: readonly Json[], invalid = false) => {
    if (!p) return { label: 'no-op', invalid: false };
    const v = choose(values);
    set(doc, p, v);
    return { label: `${fieldPath(p)} = ${show(v)}`, invalid };
  };
  switch (m.kind) {
    case 'delete': {
      const p = pickFrom(all)!;
      set(doc, p, undefined);
      return { label: `delete ${fieldPath(p)}`, invalid: false };
    }
    case 'type': return replace(pickFrom(all), TYPE_SWAPS);
    case 'number': return replace(pickFrom(leaves.filter((p) => typeof get(doc, p) === 'number')) ?? pickFrom(leaves), HUGE);
    case 'duration': return replace(pickFrom(strings(isDuration)), BAD_DURATIONS);
    case 'dist': return replace(pickFrom(strings(isDist)), BAD_DISTS);
    case 'zone': return replace(pickFrom([...strings(isZone), ['timezone'] as Path]), BAD_ZONES);
    case 'date': return replace(pickFrom(strings(isDate)), BAD_DATES);
    case 'ref': {
      const refs = leaves.filter((p) => REF_KEYS.has(String(p[p.length - 1])) || (p.includes('participants') || p.includes('surge')));
      return replace(pickFrom(refs), ['nobody', 'service-desk', 'desk', '24x7', 'P1', ''], false);
    }
    case 'long': {
      const p = pickFrom(leaves);
      if (!p) return { label: 'no-op', invalid: false };
      const v = m.choice % 2 === 0 ? 'x'.repeat(5000) : Array.from({ length: 10_000 }, (_, i) => `name-${i}`);
      set(doc, p, v);
      return { label: `${fieldPath(p)} = ${m.choice % 2 === 0 ? '5,000 characters' : 'a list of 10,000 names'}`, invalid: false };
    }
    case 'unknown-field': {
      const objects = all.filter((p) => { const v = get(doc, p); return v !== null && typeof v === 'object' && !Array.isArray(v); });
      const p = pickFrom([[] as Path, ...objects])!;
      // options of policies are checked by the policies, every other object by the schema
      const target = get(doc, p) as Record<string, Json>;
      const name = choose(['replicatons', 'colour', '__proto__x', 'horizon2']);
      if (target && typeof target === 'object' && !Array.isArray(target) && !Object.hasOwn(target, name)) target[name] = 1;
      const rec = p.length > 0 && (p[p.length - 1] === 'hours' || p[p.length - 1] === 'sla' || p[p.length - 1] === 'calendars' || p[p.length - 1] === 'matrix' || p[p.length - 1] === 'work' || p[p.length - 1] === 'roles' || p[p.length - 1] === 'skills' || p[p.length - 1] === 'weights' || p.includes('matrix') || p[p.length - 1] === 'stall');
      return { label: `${fieldPath([...p, name])} = 1`, invalid: !rec && !p.includes('options') };
    }
    case 'bounded': {
      const b = choose(BOUNDED);
      if (get(doc, b.path) === undefined) return { label: 'no-op', invalid: false };
      const v = b.values[m.pick % b.values.length];
      set(doc, b.path, v);
      return { label: `${fieldPath(b.path)} = ${show(v)}`, invalid: true };
    }
  }
  return { label: 'no-op', invalid: false };
}

/** YAML text damage; `invalid` when no scenario can survive it. */
const TEXT_DAMAGE: { label: string; invalid: boolean; apply: (t: string, k: number) => string }[] = [
  { label: 'a tab indents a line', invalid: false, apply: (t, k) => lineEdit(t, k, (l) => `\t${l}`) },
  { label: 'an unclosed flow mapping', invalid: false, apply: (t, k) => lineEdit(t, k, (l) => l.replace('}', '')) },
  { label: 'an unclosed quote', invalid: false, apply: (t, k) => lineEdit(t, k, (l) => l.replace('"', '')) },
  { label: 'a line cut in half', invalid: false, apply: (t, k) => lineEdit(t, k, (l) => l.slice(0, Math.floor(l.length / 2))) },
  { label: 'a duplicated key', invalid: true, apply: (t) => t.replace(/^name: .*$/m, (l) => `${l}\n${l}`) },
  { label: 'an unresolved alias', invalid: true, apply: (t) => t.replace(/^horizon: .*$/m, 'horizon: *nowhere') },
  { label: 'an alias bomb', invalid: true, apply: (t) => `${t}\nbomb:\n  a: &a ["x","x","x","x","x","x","x","x","x"]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n` },
  { label: 'too many aliases', invalid: true, apply: (t) => `x: &x 1\n${t.replace(/^description: .*$/m, `description: [${Array.from({ length: 200 }, () => '*x').join(', ')}]`)}` },
  { label: 'an alias to the horizon', invalid: false, apply: (t) => t.replace(/^horizon: (.*)$/m, 'horizon: &h $1').replace(/^warmup: .*$/m, 'warmup: *h') },
  { label: 'a custom tag', invalid: false, apply: (t) => t.replace(/^name: (.*)$/m, 'name: !!js/function $1') },
  { label: 'a binary tag', invalid: true, apply: (t) => t.replace(/^name: (.*)$/m, 'name: !!binary aGVsbG8=') },
  { label: 'a NUL byte', invalid: false, apply: (t, k) => lineEdit(t, k, (l) => `${l}\u0000`) },
  { label: 'a byte-order mark', invalid: false, apply: (t) => `\uFEFF${t}` },
  { label: 'only a list', invalid: true, apply: () => '- 1\n- 2\n' },
  { label: 'empty', invalid: true, apply: () => '' },
  { label: 'a second document', invalid: true, apply: (t) => `${t}\n---\nname: two\n` },
  { label: 'JSON text with a trailing comma', invalid: false, apply: (t) => `${JSON.stringify(parse(t)).slice(0, -1)},}` },
  { label: 'deep nesting', invalid: true, apply: (t) => `${t}\ndeep: ${'['.repeat(30_000)}${']'.repeat(30_000)}\n` },
  { label: 'a very long line', invalid: false, apply: (t) => t.replace(/^description: .*$/m, `description: ${'y'.repeat(200_000)}`) },
];

function lineEdit(text: string, k: number, edit: (line: string) => string): string {
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '' && !l.trim().startsWith('#'));
  const [, i] = candidates[k % candidates.length];
  lines[i] = edit(lines[i]);
  return lines.join('\n');
}

export interface ScenarioCaseOptions {
  /** 'validate' (every bundled scenario), or 'run' (runnable ones, shortened, one replication) */
  command: 'validate' | 'run';
}

/**
 * Cases of `incisim validate` or `incisim run` on a mutated bundled scenario. Run cases are made
 * small first (2 days, no warm-up, one replication, no report, one thread) so that a valid case
 * completes in well under a second; mutations may still undo that (a bound of the scenario, or the
 * run's event budget, must then stop it with a clear message).
 */
export function scenarioCases(options: ScenarioCaseOptions): fc.Arbitrary<FuzzCase> {
  const bases = options.command === 'run' ? RUNNABLE : BUNDLED;
  return fc
    .record({
      base: fc.nat({ max: bases.length - 1 }),
      json: fc.boolean(),
      text: fc.option(fc.record({ damage: fc.nat({ max: TEXT_DAMAGE.length - 1 }), at: fc.nat() }), { freq: 5 }),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
    })
    .map(({ base, json, text, mutations }): FuzzCase => {
      const b = bases[base];
      const doc = structuredClone(b.doc);
      delete doc.$schema;
      if (options.command === 'run') Object.assign(doc, { horizon: '2d', warmup: 0, replications: 1 });
      const labels: string[] = [];
      let invalid = false;
      let content: string;
      let file = 'scenario.yaml';
      if (text) {
        const d = TEXT_DAMAGE[text.damage];
        content = d.apply(stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }), text.at);
        labels.push(d.label);
        invalid = d.invalid;
      } else {
        for (const m of mutations) {
          const r = mutate(doc, m);
          labels.push(r.label);
          invalid ||= r.invalid;
        }
        if (json) {
          file = 'scenario.json';
          // NaN and ±Infinity have no JSON form: they travel as YAML, which the loader also reads
          content = hasNonFinite(doc) ? stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }) : JSON.stringify(doc, null, 1);
        } else content = stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
      }
      const argv = options.command === 'validate'
        ? ['validate', `{dir}/${file}`]
        : ['run', `{dir}/${file}`, '--workers', '1', '--no-report', '--out', '{dir}/out', '--max-events', '300000'];
      return { label: `${b.name}: ${labels.join('; ')}`, argv, files: { [file]: content }, expect: invalid ? 'invalid' : 'any' };
    });
}

function hasNonFinite(v: Json): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasNonFinite);
  return false;
}

/** A `--set` value of any kind a user might type. */
const setValueArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('1e7', '1e400', '-1', '0', '.nan', '.inf', '-.inf', 'NaN', '1e-6m', '9999999999w', '""', '[]', '{}', '[a, b]', '{ x: 1 }', 'null', '~', 'true', '*x', '&a 1', '!!binary aGk=', '[', '{', '"unterminated', "'", 'x'.repeat(5000), '2026-02-30', '+275760-09-13T00:00:00Z', 'Mars/Olympus', 'lognormal(median=30m)', 'count', 'effort', 'severity'),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
  fc.double().map(String),
);

/** A `--set` path: real field paths of a bundled scenario, broken ones, and dangerous names. */
function setPathArb(doc: Record<string, Json>): fc.Arbitrary<string> {
  const real = paths(doc).filter((p) => p.length > 0).map(fieldPath);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...real) },
    { weight: 2, arbitrary: fc.constantFrom('workloadUnit', 'horizon', 'warmup', 'replications', 'seed', 'start', 'timezone', 'routing.policy', 'escalation.policy', 'teams[0].engineers.count', 'arrivals[0].rate.perHour', 'priorities.sla.P1.respond', 'teams[0].oncall.layers[0].rotation') },
    { weight: 1, arbitrary: fc.constantFrom('', '.', '[0]', 'teams[', 'teams[-1]', 'teams[99999999999].id', '__proto__.x', 'constructor.prototype', 'a..b', 'teams[0]..id', 'teams.0.id', 'x=y', ' horizon', 'teams[1e3]') },
  );
}

/**
 * Cases of `incisim validate` and `incisim run` with one to four `--set` lines on a bundled
 * scenario (for `run`: shortened first, as for scenario cases).
 */
export function setCases(): fc.Arbitrary<FuzzCase> {
  return fc
    .record({ base: fc.nat({ max: RUNNABLE.length - 1 }), run: fc.boolean(), seed: fc.nat() })
    .chain(({ base, run }) => {
      const b = RUNNABLE[base];
      return fc.record({
        base: fc.constant(base),
        run: fc.constant(run),
        sets: fc.array(fc.tuple(setPathArb(b.doc), setValueArb).map(([p, v]) => `${p}=${v}`), { minLength: 1, maxLength: 4 }),
      });
    })
    .map(({ base, run, sets }): FuzzCase => {
      const b = RUNNABLE[base];
      const file = `{dir}/${b.name.replace('/', '-')}`;
      const setArgs = sets.flatMap((s) => ['--set', s]);
      const shorten = ['--set', 'horizon=2d', '--set', 'warmup=0', '--set', 'replications=1'];
      const argv = run
        ? ['run', file, ...shorten, ...setArgs, '--workers', '1', '--no-report', '--out', '{dir}/out', '--max-events', '300000']
        : ['validate', file, ...setArgs];
      return { label: `${b.name}: ${run ? 'run' : 'validate'} ${sets.map((s) => `--set ${s.length > 60 ? `${s.slice(0, 57)}...` : s}`).join(' ')}`, argv, files: { [b.name.replace('/', '-')]: b.text } };
    });
}
