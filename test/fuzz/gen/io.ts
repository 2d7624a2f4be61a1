/**
 * Generators of hostile input for the CLI's I/O faces: ticket exports (CSV rows and files, gzip),
 * JSON-lines `assign` event streams and rosters, `merge` partial results, and command lines.
 * Each starts from something real (rows of the UCI log, the bundled assign sample, partials that
 * `incisim run --shard` wrote) and damages it one to three times; its label says how.
 *
 * Most cases may or may not stay valid (`expect: 'any'`); those that can never be valid (an unknown
 * option, an option given twice, a value that is not a number, …) say `expect: 'invalid'`.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FuzzCase } from '../harness.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const abs = (p: string) => join(ROOT, p);

// ---------------------------------------------------------------------------------------------
// CSV exports

/** The header and the first rows of the UCI ServiceNow event log (real data, CC BY 4.0). */
const UCI_LINES = gunzipSync(readFileSync(abs('data/uci-incident-event-log/incident_event_log.csv.gz'))).toString('utf8').split('\n').slice(0, 121);

const CELL_DAMAGE = ['', '"', '""', '"x', 'x"y', '?', '\u0000', '\uFEFF', 'a,b', '1e400', '-1', 'NaN', '31/2/2016 25:61', '29/2/2016 13:23', '\r', 'é', 'x'.repeat(5000)];

type Text = { label: string; text: string };

const csvMutation: fc.Arbitrary<(t: Text) => Text> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...CELL_DAMAGE)).map(([r, c, v]) => (t: Text) => {
    const lines = t.text.split('\n');
    if (lines.length < 2) return t;
    const row = 1 + (r % (lines.length - 1));
    const cells = lines[row].split(',');
    cells[c % cells.length] = v;
    lines[row] = cells.join(',');
    return { label: `${t.label}; row ${row + 1} cell ${(c % cells.length) + 1} = ${JSON.stringify(v.slice(0, 12))}`, text: lines.join('\n') };
  }),
  fc.nat().map((r) => (t: Text) => {
    const lines = t.text.split('\n');
    if (lines.length < 2) return t;
    const row = 1 + (r % (lines.length - 1));
    lines[row] = lines[row].split(',').slice(0, -3).join(',');
    return { label: `${t.label}; row ${row + 1} lacks 3 fields`, text: lines.join('\n') };
  }),
  fc.nat().map((n) => (t: Text) => ({ label: `${t.label}; truncated at ${n % Math.max(1, t.text.length)}`, text: t.text.slice(0, n % Math.max(1, t.text.length)) })),
  fc.constant((t: Text) => ({ label: `${t.label}; header only`, text: t.text.split('\n')[0] + '\n' })),
  fc.constant((t: Text) => ({ label: `${t.label}; no header`, text: t.text.split('\n').slice(1).join('\n') })),
  fc.constant((t: Text) => ({ label: `${t.label}; CRLF`, text: t.text.replace(/\n/g, '\r\n') })),
  fc.nat().map((r) => (t: Text) => {
    const lines = t.text.split('\n');
    if (lines.length < 2) return t;
    const row = 1 + (r % (lines.length - 1));
    lines.splice(row, 0, lines[row]);
    return { label: `${t.label}; row ${row + 1} twice`, text: lines.join('\n') };
  }),
  fc.string({ maxLength: 40 }).map((s) => (t: Text) => ({ label: `${t.label}; header += ${JSON.stringify(s)}`, text: t.text.replace(/\n/, `${s}\n`) })),
  fc.constant((t: Text) => ({ label: `${t.label}; one line of 2 MB`, text: t.text.split('\n')[0] + '\n' + 'x'.repeat(2_100_000) })),
);

/** An export: UCI rows damaged 0–3 times, as text, gzip, gzip twice, a truncated gzip or binary. */
const exportFile: fc.Arbitrary<{ label: string; name: string; data: string | Uint8Array }> = fc
  .tuple(fc.integer({ min: 5, max: 120 }), fc.array(csvMutation, { maxLength: 3 }), fc.constantFrom('csv', 'gz', 'gz2', 'gz-cut', 'binary', 'binary-gz'), fc.nat())
  .map(([rows, mutations, form, n]) => {
    let t: Text = { label: `uci ${rows} rows`, text: UCI_LINES.slice(0, rows + 1).join('\n') + '\n' };
    for (const m of mutations) t = m(t);
    const bytes = Buffer.from(t.text);
    const binary = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131 + n) % 256));
    switch (form) {
      case 'csv': return { label: t.label, name: 'export.csv', data: t.text };
      case 'gz': return { label: `${t.label}; gzip`, name: 'export.csv.gz', data: gzipSync(bytes) };
      case 'gz2': return { label: `${t.label}; gzip twice`, name: 'export.csv.gz', data: gzipSync(gzipSync(bytes)) };
      case 'gz-cut': {
        const z = gzipSync(bytes);
        return { label: `${t.label}; gzip cut at ${n % z.length}`, name: 'export.csv.gz', data: z.subarray(0, n % z.length) };
      }
      case 'binary': return { label: 'binary', name: 'export.csv', data: binary };
      default: return { label: 'gzip of binary', name: 'export.csv.gz', data: gzipSync(binary) };
    }
  });

/** `incisim import` (and sometimes `fit`) on a damaged export. */
export function csvCases(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(exportFile, fc.constantFrom('import', 'import --strict', 'import --out', 'fit')).map(([f, how]) => {
    const argv = how === 'fit' ? ['fit', `{dir}/${f.name}`, '--out', '{dir}/out/fitted.yaml']
      : ['import', `{dir}/${f.name}`, ...(how === 'import --strict' ? ['--strict'] : how === 'import --out' ? ['--out', '{dir}/out/history.jsonl'] : [])];
    return { label: `${how}: ${f.label}`, argv, files: { [f.name]: f.data }, expect: 'any' as const };
  });
}

// ---------------------------------------------------------------------------------------------
// assign: JSON-lines events and rosters

const EVENTS = readFileSync(abs('scenarios/assign/events.jsonl'), 'utf8').trimEnd().split('\n');
const ROSTER = JSON.parse(readFileSync(abs('scenarios/assign/roster.json'), 'utf8'));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];
const JUNK: Json[] = [null, true, false, 0, -1, 1e300, -1e300, 1.5, '', 'x', 'P9', 'nobody', [], {}, ['x'], { a: 1 }, 'x'.repeat(3000), 2 ** 53];

function paths(v: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function setAt(v: Json, p: Path, value: Json | undefined): Json {
  if (p.length === 0) return value ?? null;
  const copy = structuredClone(v) as Record<string | number, Json>;
  let cur: Json = copy;
  for (const k of p.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return copy;
    cur = (cur as Record<string | number, Json>)[k];
  }
  if (cur === null || typeof cur !== 'object') return copy;
  const k = p[p.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur) && typeof k === 'number') cur.splice(k, 1);
    else delete (cur as Record<string, Json>)[k as string];
  } else (cur as Record<string | number, Json>)[k] = value;
  return copy;
}

const show = (p: Path) => p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, '') || '(root)';

/** One damage to a JSON document: a value replaced by junk, or a field deleted. */
function jsonMutation(doc: Json): fc.Arbitrary<{ label: string; doc: Json }> {
  const all = paths(doc);
  return fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...JUNK), fc.constant(undefined))).map(([i, value]) => {
    const p = all[i % all.length];
    return { label: `${show(p)} ${value === undefined ? 'deleted' : `= ${JSON.stringify(value)?.slice(0, 20)}`}`, doc: setAt(doc, p, value) };
  });
}

const eventLines: fc.Arbitrary<{ label: string; text: string }> = fc
  .tuple(
    fc.array(fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.constantFrom(...JUNK), fc.constant(undefined)), fc.constantFrom('value', 'raw')), { maxLength: 4 }),
    fc.constantFrom('', '\n\n', '{"type":', 'not json', '[1,2]', '{"type":"open","at":1e309,"id":"Z","priority":"P1","team":"network"}', '\u0000'),
  )
  .map(([edits, extra]) => {
    const lines = [...EVENTS];
    const labels: string[] = [];
    for (const [li, fi, value, how] of edits) {
      const k = li % lines.length;
      if (how === 'raw') {
        const at = fi % Math.max(1, lines[k].length);
        lines[k] = lines[k].slice(0, at);
        labels.push(`line ${k + 1} cut at ${at}`);
        continue;
      }
      let o: Record<string, Json>;
      try {
        o = JSON.parse(lines[k]) as Record<string, Json>;
      } catch {
        continue; // already cut
      }
      const keys = Object.keys(o);
      const key = keys[fi % keys.length];
      if (value === undefined) delete o[key];
      else o[key] = value;
      lines[k] = JSON.stringify(o);
      labels.push(`line ${k + 1} ${key} ${value === undefined ? 'deleted' : `= ${JSON.stringify(value)?.slice(0, 20)}`}`);
    }
    if (extra) labels.push(`+ ${JSON.stringify(extra.slice(0, 20))}`);
    return { label: labels.join('; ') || 'the sample', text: lines.join('\n') + '\n' + extra };
  });

/** `incisim assign` with damaged events, and sometimes a damaged roster. */
export function assignCases(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(eventLines, fc.oneof(fc.constant(undefined), jsonMutation(ROSTER as Json))).map(([ev, roster]) => ({
    label: `assign: events ${ev.label}${roster ? `; roster ${roster.label}` : ''}`,
    argv: ['assign', '--roster', '{dir}/roster.json', '--events', '{dir}/events.jsonl'],
    files: { 'roster.json': JSON.stringify(roster ? roster.doc : ROSTER), 'events.jsonl': ev.text },
    expect: 'any' as const,
  }));
}

// ---------------------------------------------------------------------------------------------
// merge: partial results

let partialsCache: string[] | undefined;
/** Two partial results of a short mmc run, written once by the real `incisim run --shard`. */
function partials(): string[] {
  if (partialsCache) return partialsCache;
  const out = mkdtempSync(join(tmpdir(), 'incisim-fuzz-partials-'));
  for (const i of [0, 1]) {
    const r = spawnSync('node', [abs('bin/incisim.js'), 'run', abs('scenarios/mmc.yaml'), '--set', 'horizon=2d', '--set', 'warmup=0', '--replications', '2', '--workers', '1', '--shard', `${i}/2`, '--out', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`fuzz setup: run --shard ${i}/2 failed: ${r.stderr}`);
  }
  partialsCache = readdirSync(out).sort().map((f) => readFileSync(join(out, f), 'utf8'));
  return partialsCache;
}

const sha = (v: unknown) => createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex');

/** `incisim merge` of two partials, one damaged (and its digest sometimes recomputed, to reach the deeper checks). */
export function mergeCases(): fc.Arbitrary<FuzzCase> {
  return fc.tuple(fc.nat(1), fc.nat(), fc.oneof(fc.constantFrom(...JUNK), fc.constant(undefined)), fc.boolean(), fc.option(fc.nat(), { nil: undefined })).map(([which, at, value, redigest, cut]) => {
    const texts = partials();
    const doc = JSON.parse(texts[which]) as Json;
    const all = paths(doc).filter((p) => p[0] !== 'scenario' || p.length < 4);
    const p = all[at % all.length];
    const edited = setAt(doc, p, value) as Record<string, Json>;
    if (redigest && edited && typeof edited === 'object' && !Array.isArray(edited)) {
      edited.digest = sha({ metrics: edited.metrics, incidents: edited.incidents });
    }
    let text = JSON.stringify(edited);
    if (cut !== undefined) text = text.slice(0, cut % text.length);
    const label = `merge: partial ${which} ${show(p)} ${value === undefined ? 'deleted' : `= ${JSON.stringify(value)?.slice(0, 20)}`}${redigest ? ' (digest recomputed)' : ''}${cut !== undefined ? `, cut at ${cut % JSON.stringify(edited).length}` : ''}`;
    const files = { 'p0.json': which === 0 ? text : texts[0], 'p1.json': which === 1 ? text : texts[1] };
    return { label, argv: ['merge', '{dir}/p0.json', '{dir}/p1.json', '--out', '{dir}/out', '--no-report'], files, expect: 'any' as const };
  });
}

// ---------------------------------------------------------------------------------------------
// command lines

const S = abs('scenarios/mmc.yaml');
const QUICK = ['--set', 'horizon=1d', '--set', 'warmup=0', '--replications', '2', '--workers', '1'];
/** Each command, its cheap valid invocation, and its own options (name → kind). */
const COMMANDS: { argv: string[]; options: Record<string, 'number' | 'string' | 'boolean' | 'list'> }[] = [
  { argv: ['run', S, ...QUICK, '--out', '{dir}/out', '--no-report'], options: { seed: 'string', format: 'string', json: 'boolean', trace: 'boolean', incidents: 'boolean', shard: 'string' } },
  { argv: ['validate', S], options: { schema: 'boolean', set: 'list' } },
  { argv: ['erlang', '--rate', '200/h', '--aht', '3m', '--sl', '0.8'], options: { target: 'string', shrinkage: 'number', json: 'boolean', agents: 'number' } },
  { argv: ['drill', abs('scenarios/drills/primary-does-not-answer.yaml'), '--out', '{dir}/out'], options: { runs: 'number', json: 'boolean' } },
  { argv: ['assign', '--roster', abs('scenarios/assign/roster.json'), '--events', abs('scenarios/assign/events.jsonl')], options: { seed: 'string', bias: 'number' } },
  { argv: ['import', abs('scenarios/assign/events.jsonl')], options: { profile: 'string', tz: 'string', strict: 'boolean', json: 'boolean' } },
  { argv: ['compare', S, '--variant', 'a:policy=least-loaded', '--variant', 'b:policy=round-robin', ...QUICK, '--out', '{dir}/out'], options: { baseline: 'string', json: 'boolean' } },
];
const NOT_NUMBERS = ['x', 'NaN', '', '1e400', '-Infinity', '0x', '1,5', '--'];

/** A command line with one to three mistakes in its options: each must be refused before any work. */
export function optionCases(): fc.Arbitrary<FuzzCase> {
  const mistake = fc.oneof(
    fc.stringMatching(/^[a-z][a-z-]{2,12}$/).map((name) => ({ label: `--${name}x (unknown)`, args: [`--${name}x`, '1'] })),
    fc.constantFrom('replicatons', 'worker', 'out-dir', 'seeds', 'formats').map((name) => ({ label: `--${name} (unknown)`, args: [`--${name}`, '2'] })),
    fc.tuple(fc.constantFrom(...NOT_NUMBERS), fc.constantFrom('replications', 'workers', 'runs', 'bias', 'shrinkage', 'agents')).map(([v, name]) => ({ label: `--${name} ${JSON.stringify(v)}`, args: [`--${name}=${v}`] })),
    fc.constantFrom('0', '-1', '1.5', '100001', '1e9').map((v) => ({ label: `--workers ${v}`, args: ['--workers', v] })),
    fc.constantFrom('json', 'trace', 'strict', 'schema').map((name) => ({ label: `--${name}=maybe`, args: [`--${name}=maybe`] })),
  );
  return fc.tuple(fc.nat(COMMANDS.length - 1), fc.array(mistake, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([k, mistakes, twice]) => {
    const c = COMMANDS[k];
    // each mistake is invalid whether or not the command has that option (an unknown one is too)
    const args = [...c.argv];
    const labels: string[] = [];
    for (const m of mistakes) {
      args.push(...m.args);
      labels.push(m.label);
    }
    // an option that takes one value, given twice
    const single = Object.entries(c.options).find(([, kind]) => kind === 'string' || kind === 'number');
    if (twice) {
      const [name, kind] = single ?? ['out', 'string'];
      const v = kind === 'number' ? ['1', '2'] : ['a', 'b'];
      args.push(`--${name}`, v[0], `--${name}`, v[1]);
      labels.push(`--${name} twice`);
    }
    return { label: `${c.argv[0]}: ${labels.join(', ')}`, argv: args, expect: 'invalid' as const };
  });
}
