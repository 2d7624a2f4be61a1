/**
 * Reading, overriding and validating scenario files. A scenario that passes `validateScenario`
 * matches the JSON Schema (src/scenario/schema.ts), its cross-references resolve (teams named in
 * paths, fallbacks, overflows, calendars) and every duration, distribution, policy and calendar in it
 * parses, so the simulation never meets a user mistake half-way through a run.
 *
 * Every failure is a UserError of one line: `<file>: <field path>: <what is wrong>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import { UserError, names, oneLine, show } from '../errors.js';
import { buildModel } from '../model/build.js';
import { AssignmentEngine } from '../engine/engine.js';
import type { Model } from '../model/types.js';
import type { Scenario } from './schema.js';
import { LEVELS } from './levels.js';
import { applyOverrides } from './overrides.js';
import { itilReferenceProblems } from './itil.js';
import { parseYamlText } from './yaml.js';
import { readTextFile } from '../io/files.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** the path it was read from */
  file: string;
  /** the file's text, as read (reports show it for provenance) */
  source: string;
}

export interface LoadOptions {
  /** `field.path=value` assignments applied before validation, in order (see overrides.ts) */
  overrides?: string[];
}

/** Options of the schema check (scripts/gen-validator.js compiles it ahead of time with the same). */
export const SHAPE_CHECK_OPTIONS: Options = { allErrors: true, strict: false, verbose: true };

/**
 * The schema check. `npm run build` compiles it ahead of time into dist/scenario/shape-validator.cjs
 * (ajv's standalone code, with V8's code cache of it beside: loading both costs a few ms, compiling
 * the schema with ajv ~0.3 s); where that file is absent (the sources run by vitest, or a build by
 * `tsc` alone) it is compiled here on first use, with the same options: the same check. The TypeBox
 * definition (./schema.ts, about 200 modules of @sinclair/typebox, ~60 ms to import) is imported
 * only then.
 */
const COMPILED = fileURLToPath(new URL('./shape-validator.cjs', import.meta.url));
const sourceSchema = existsSync(COMPILED) ? undefined : (await import('./schema.js')).ScenarioSchema;
let validateShape: ValidateFunction | undefined;
function shapeValidator(): ValidateFunction {
  if (validateShape) return validateShape;
  if (sourceSchema === undefined) return (validateShape = compiledShapeCheck(COMPILED).check);
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as { Ajv: typeof Ajv };
  return (validateShape = new AjvClass(SHAPE_CHECK_OPTIONS).compile(sourceSchema));
}

/**
 * Loads the check scripts/gen-validator.js wrote at `file` (a CommonJS module), as `require` would,
 * with V8's code cache `<file>.v8cache` when it was made from this very code (its first 64 bytes
 * are the sha256 the code's first line names; `cache` undefined: none). `script` is for the
 * generator, which makes the cache.
 */
export function compiledShapeCheck(file: string, cache: string | undefined = `${file}.v8cache`): { check: ValidateFunction; script: Script } {
  const code = readFileSync(file, 'utf8');
  const sha = /sha256 ([0-9a-f]{64})\)\n/.exec(code.slice(0, 200))?.[1];
  let cachedData: Buffer | undefined;
  if (cache !== undefined && sha !== undefined && existsSync(cache)) {
    const bytes = readFileSync(cache);
    if (bytes.subarray(0, 64).toString('latin1') === sha) cachedData = bytes.subarray(64);
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return { check: module.exports as ValidateFunction, script };
}

/** Reads, overrides and validates a scenario file (YAML or JSON). */
export function loadScenario(file: string, options: LoadOptions = {}): LoadedScenario {
  const { data, source } = readScenarioData(file, options);
  return { scenario: validateScenario(data, file), file, source };
}

/**
 * Reads a scenario file (YAML or JSON) and applies the overrides, without validating the result
 * (see `scenarioProblems`). Throws a UserError when the file cannot be read, is not YAML (with
 * line and column), is not a mapping, or an override cannot be applied.
 */
export function readScenarioData(file: string, options: LoadOptions = {}): { data: Record<string, unknown>; source: string } {
  const source = readTextFile(file, 'the scenario file');
  const data = parseYamlText(source, file);
  if (data === null || data === undefined) throw new UserError(`${file}: the file is empty; expected a mapping of scenario fields`);
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: expected a mapping of scenario fields at the top level, got ${describe(data)}`);
  }
  return { data: applyOverrides(data as Record<string, unknown>, options.overrides ?? [], file), source };
}

/** Returns a copy of a scenario with `field.path=value` assignments applied, validated again. */
export function withOverrides(scenario: Scenario, sets: string[], label = scenario.name): Scenario {
  return validateScenario(applyOverrides(structuredClone(scenario) as Record<string, unknown>, sets, label), label);
}

/**
 * Checks a parsed scenario: shape (JSON Schema), cross-references, then every value the model
 * parses. `label` names the source in errors (a file path). Throws the first problem.
 */
export function validateScenario(data: unknown, label: string): Scenario {
  const problems = scenarioProblems(data, label);
  if (problems.length > 0) throw new UserError(problems[0]);
  return data as Scenario;
}

/**
 * Every problem of a parsed scenario, one line each (empty when it is valid): all shape errors
 * (one per field), else all broken references, else the first value the model cannot parse, else
 * every team that could receive a class's incidents without anyone holding the class's skills.
 */
export function scenarioProblems(data: unknown, label: string): string[] {
  // every line as a UserError's: one line, long ones shortened
  return problemsOf(data, label).map(oneLine);
}

function problemsOf(data: unknown, label: string): string[] {
  const check = shapeValidator();
  if (!check(data)) return explainAll(check.errors ?? [], data).map((m) => `${label}: ${m}`);
  const scenario = data as Scenario;
  const references = referenceProblems(scenario).map((m) => `${label}: ${m}`);
  if (references.length > 0) return references;
  let model: Model;
  try {
    model = buildModel(scenario);
  } catch (e) {
    if (e instanceof UserError) return [`${label}: ${e.message}`];
    throw e;
  }
  try {
    // the assignment engine's own checks of the roster (an overflow to itself, …), naming the file
    new AssignmentEngine(model.roster, { random: () => 0, explain: false, source: label });
  } catch (e) {
    if (e instanceof UserError) return [e.message];
    throw e;
  }
  return skillProblems(scenario, model).map((m) => `${label}: ${m}`);
}

/**
 * Every team an incident of a class with `skills` can be sent to (its path, its misroute targets)
 * must have someone holding all of them: the engine only assigns to engineers with the skills, so
 * otherwise those incidents would wait in that team's queue for ever.
 */
function skillProblems(s: Scenario, model: Model): string[] {
  const out: string[] = [];
  const holds = (team: string, skills: string[]) =>
    model.roster.engineers.some((e) => e.team === team && skills.every((k) => e.skills !== undefined && Object.hasOwn(e.skills, k)));
  s.arrivals.forEach((a, i) => {
    if (!a.skills?.length) return;
    const need = a.skills;
    const check = (team: string, path: string) => {
      if (!holds(team, need)) out.push(`${path}: no engineer of team ${show(team)} holds the skills ${show(need)} of arrivals[${i}].skills, so these incidents would wait there for ever (expected someone in ${show(team)} with all of them)`);
    };
    a.path.forEach((step, k) => check(step.team, `arrivals[${i}].path[${k}].team`));
    const m = model.classByName.get(a.class)?.misroute;
    if (m) {
      // the first wrong team (`to`, or any of `others`), then with repeat any of `others`
      if (m.to !== undefined) check(m.to, `arrivals[${i}].misroute.to`);
      const drawn = m.to === undefined ? 'misroute' : m.repeat ? 'misroute.repeat' : undefined;
      if (drawn) for (const t of m.others) if (t !== m.to) check(t, `arrivals[${i}].${drawn}`);
    }
    // misclassified at triage: first to the other type's team
    const wrong = model.misclassification?.to[(a.type ?? 'incident') === 'incident' ? 'request' : 'incident'];
    if (wrong !== undefined) check(wrong, 'triage.misclassification');
  });
  return out;
}

/** Team, class, priority and engineer references must name things that exist. */
function referenceProblems(s: Scenario): string[] {
  const out: string[] = [];
  const teams = new Map<string, number>();
  s.teams.forEach((t, i) => {
    if (teams.has(t.id)) out.push(`teams[${i}].id: ${show(t.id)} is already the id of teams[${teams.get(t.id)}]; team ids must be unique`);
    else teams.set(t.id, i);
  });
  const team = (id: string, path: string) => {
    if (!teams.has(id)) out.push(`${path}: unknown team ${show(id)}${didYouMean(id, [...teams.keys()])} (expected one of: ${names([...teams.keys()])})`);
  };
  s.teams.forEach((t, i) => {
    if (t.fallback?.kind === 'team') team(t.fallback.team, `teams[${i}].fallback.team`);
    if (t.overflow) team(t.overflow.team, `teams[${i}].overflow.team`);
    const groups = Array.isArray(t.engineers) ? t.engineers : [t.engineers];
    groups.forEach((g, gi) => g.surge?.forEach((x, k) => team(x, `teams[${i}].engineers${Array.isArray(t.engineers) ? `[${gi}]` : ''}.surge[${k}]`)));
  });
  const classes = s.arrivals.map((a) => a.class);
  const priorities = [...new Set(Object.values(s.priorities.matrix).flatMap((row) => Object.values(row ?? {})))] as string[];
  // a class without a fixed priority draws impact and urgency: every cell must name a priority
  const draws = s.arrivals.findIndex((a) => a.priority === undefined);
  if (draws >= 0) {
    const m = s.priorities.matrix as Record<string, Record<string, string> | undefined>;
    const missing = LEVELS.flatMap((i) => LEVELS.filter((u) => m[i]?.[u] === undefined).map((u) => `priorities.matrix.${i}.${u}`));
    if (missing.length > 0) {
      out.push(`${missing[0]}: missing (arrivals[${draws}] ${show(s.arrivals[draws].class)} draws its priority from impact × urgency, so every cell of the high/medium/low matrix needs a priority${missing.length > 1 ? `; ${missing.length - 1} more cell${missing.length > 2 ? 's' : ''} missing` : ''})`);
    }
  }
  const priority = (p: string, path: string) => {
    if (!priorities.includes(p)) out.push(`${path}: ${show(p)} is not a priority of priorities.matrix${didYouMean(p, priorities)} (expected one of: ${names(priorities)})`);
  };
  s.arrivals.forEach((a, i) => {
    a.path.forEach((step, k) => team(step.team, `arrivals[${i}].path[${k}].team`));
    if (a.misroute?.to) team(a.misroute.to, `arrivals[${i}].misroute.to`);
    if (a.storms?.class && !classes.includes(a.storms.class)) {
      out.push(`arrivals[${i}].storms.class: unknown class ${show(a.storms.class)}${didYouMean(a.storms.class, classes)} (expected one of: ${names(classes)})`);
    }
    const rates = Object.keys(a.rate).filter((k) => (a.rate as Record<string, unknown>)[k] !== undefined);
    if (rates.length !== 1) out.push(`arrivals[${i}].rate: give exactly one of perHour, perDay, perWeek (got ${rates.length ? rates.join(', ') : 'none'})`);
    if (a.security && !s.security) out.push(`arrivals[${i}].security: true needs a top-level security.team to escalate to`);
    if (a.priority !== undefined) priority(a.priority, `arrivals[${i}].priority`);
  });
  if (s.security) team(s.security.team, 'security.team');
  out.push(...itilReferenceProblems(s, team, priority, classes, didYouMean));
  for (const p of Object.keys(s.priorities.sla ?? {})) priority(p, `priorities.sla.${p}`);
  return out;
}

/**
 * One line per schema problem. For a failed union (anyOf), the alternative the value came
 * closest to speaks: the one whose errors reach deepest into the value, then the one with fewest
 * errors. When every alternative only disagrees on one constant (a `kind` tag, an enum), the line
 * lists the allowed values instead.
 */
function explainAll(errors: ErrorObject[], data: unknown): string[] {
  const out: string[] = [];
  const add = (line: string) => {
    if (!out.includes(line)) out.push(line);
  };
  const visit = (errs: ErrorObject[]) => {
    const unions = errs.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    const outer = unions.filter((u) => !unions.some((o) => o !== u && u.schemaPath.startsWith(`${o.schemaPath}/`)));
    const inside = (e: ErrorObject) => outer.some((u) => e.schemaPath.startsWith(`${u.schemaPath}/`));
    for (const e of errs) if (!outer.includes(e) && !inside(e)) add(explain(e, data));
    for (const u of outer) {
      const alternatives = new Map<string, ErrorObject[]>();
      for (const e of errs) {
        if (!e.schemaPath.startsWith(`${u.schemaPath}/`)) continue;
        const alt = e.schemaPath.slice(u.schemaPath.length + 1).split('/')[0];
        alternatives.set(alt, [...(alternatives.get(alt) ?? []), e]);
      }
      const groups = [...alternatives.values()];
      const consts = groups.map((g) => g.find((e) => e.keyword === 'const'));
      if (groups.length > 1 && consts.every((c) => c && c.instancePath === consts[0]!.instancePath)) {
        const allowed = consts.map((c) => String((c!.params as { allowedValue: unknown }).allowedValue));
        const value = valueAt(data, consts[0]!.instancePath);
        add(`${toFieldPath(consts[0]!.instancePath) || '(top level)'}: ${describe(value)} is not one of: ${allowed.join(', ')}${typeof value === 'string' ? didYouMean(value, allowed) : ''}`);
        continue;
      }
      // a field error (unknown or missing field) reaches one level below its object
      const reach = (g: ErrorObject[]) => Math.max(...g.map((e) => depth(e.instancePath) + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0)));
      const tagged = (g: ErrorObject[]) => (g.some((e) => e.keyword === 'const') ? 1 : 0);
      const best = groups.sort((a, b) => tagged(a) - tagged(b) || reach(b) - reach(a) || a.length - b.length)[0];
      if (best && reach(best) > depth(u.instancePath)) visit(best);
      else add(explain(u, data));
    }
  };
  visit(errors);
  return out;
}

/** One line for one schema error. */
function explain(e: ErrorObject, data: unknown): string {
  const path = toFieldPath(e.instancePath);
  const value = valueAt(data, e.instancePath);
  const where = path || '(top level)';
  const schema = e.parentSchema as { description?: string; properties?: object; anyOf?: { const?: unknown }[] } | undefined;
  switch (e.keyword) {
    case 'required':
      return `${path ? `${path}.` : ''}${(e.params as { missingProperty: string }).missingProperty}: missing (a required field)`;
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(schema?.properties ?? {});
      return `${path ? `${path}.` : ''}${extra}: unknown field${didYouMean(extra, allowed)} (expected one of: ${allowed.join(', ')})`;
    }
    case 'anyOf':
    case 'oneOf': {
      const consts = schema?.anyOf?.every((a) => a.const !== undefined) ? schema.anyOf.map((a) => String(a.const)) : undefined;
      if (consts) return `${where}: ${describe(value)} is not one of: ${consts.join(', ')}${typeof value === 'string' ? didYouMean(value, consts) : ''}`;
      return `${where}: ${describe(value)} is not valid${schema?.description ? ` (expected ${schema.description})` : ''}`;
    }
    case 'const':
      return `${where}: ${describe(value)} is not ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${where}: ${describe(value)} ${e.message ?? 'is not valid'}${schema?.description ? ` (${schema.description})` : ''}`;
  }
}

/** ", did you mean "x"?" for the closest of `options` within edit distance 1 (or a quarter of the length), else "". */
export function didYouMean(word: string, options: string[]): string {
  if (word.length > 40) return '';
  let best = '';
  let bestD = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) [best, bestD] = [o, d];
  }
  return bestD <= Math.max(1, Math.floor(word.length / 4)) && bestD > 0 ? `, did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length;
}

/** "/teams/0/engineers/count" → "teams[0].engineers.count" */
function toFieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function describe(v: unknown): string {
  return show(v);
}
