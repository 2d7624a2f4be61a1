/**
 * Reading, overriding and validating scenario files. A scenario that passes `validateScenario`
 * matches the JSON Schema (src/scenario/schema.ts), its cross-references resolve (teams named in
 * paths, fallbacks, overflows, calendars) and every duration, distribution, policy and calendar in it
 * parses, so the simulation never meets a user mistake half-way through a run.
 *
 * Every failure is a UserError of one line: `<file>: <field path>: <what is wrong>`.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { UserError } from '../errors.js';
import { buildModel } from '../model/build.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { applyOverrides } from './overrides.js';

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

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile(ScenarioSchema);

/** Reads, overrides and validates a scenario file (YAML or JSON). */
export function loadScenario(file: string, options: LoadOptions = {}): LoadedScenario {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the scenario file (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
  }
  let data: unknown;
  try {
    data = parseYaml(source, { prettyErrors: false });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const at = e.linePos?.[0];
      const where = at ? `line ${at.line}, column ${at.col}` : 'somewhere';
      throw new UserError(`${file}: ${where}: not valid YAML/JSON (${e.message.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '')})`);
    }
    throw e;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}: expected a mapping of scenario fields at the top level, got ${describe(data)}`);
  }
  const overridden = applyOverrides(data as Record<string, unknown>, options.overrides ?? [], file);
  return { scenario: validateScenario(overridden, file), file, source };
}

/** Returns a copy of a scenario with `field.path=value` assignments applied, validated again. */
export function withOverrides(scenario: Scenario, sets: string[], label = scenario.name): Scenario {
  return validateScenario(applyOverrides(structuredClone(scenario) as Record<string, unknown>, sets, label), label);
}

/**
 * Checks a parsed scenario: shape (JSON Schema), cross-references, then every value the model
 * parses. `label` names the source in errors (a file path).
 */
export function validateScenario(data: unknown, label: string): Scenario {
  if (!validateShape(data)) throw new UserError(`${label}: ${explain(validateShape.errors ?? [], data)}`);
  const scenario = data as Scenario;
  checkReferences(scenario, label);
  try {
    buildModel(scenario);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${label}: ${e.message}`);
    throw e;
  }
  return scenario;
}

/** Team, calendar and engineer references must name things that exist. */
function checkReferences(s: Scenario, label: string): void {
  const teams = new Map<string, number>();
  s.teams.forEach((t, i) => {
    if (teams.has(t.id)) throw new UserError(`${label}: teams[${i}].id: "${t.id}" is already the id of teams[${teams.get(t.id)}]; team ids must be unique`);
    teams.set(t.id, i);
  });
  const known = [...teams.keys()].join(', ');
  const team = (id: string, path: string) => {
    if (!teams.has(id)) throw new UserError(`${label}: ${path}: unknown team "${id}" (expected one of: ${known})`);
  };
  s.teams.forEach((t, i) => {
    if (t.fallback?.kind === 'team') team(t.fallback.team, `teams[${i}].fallback.team`);
    if (t.overflow) team(t.overflow.team, `teams[${i}].overflow.team`);
    const groups = Array.isArray(t.engineers) ? t.engineers : [t.engineers];
    groups.forEach((g, gi) => g.surge?.forEach((x, k) => team(x, `teams[${i}].engineers${Array.isArray(t.engineers) ? `[${gi}]` : ''}.surge[${k}]`)));
  });
  const classes = new Set(s.arrivals.map((a) => a.class));
  s.arrivals.forEach((a, i) => {
    a.path.forEach((step, k) => team(step.team, `arrivals[${i}].path[${k}].team`));
    if (a.misroute?.to) team(a.misroute.to, `arrivals[${i}].misroute.to`);
    if (a.storms?.class && !classes.has(a.storms.class)) {
      throw new UserError(`${label}: arrivals[${i}].storms.class: unknown class "${a.storms.class}" (expected one of: ${[...classes].join(', ')})`);
    }
    const rates = Object.keys(a.rate).filter((k) => (a.rate as Record<string, unknown>)[k] !== undefined);
    if (rates.length !== 1) throw new UserError(`${label}: arrivals[${i}].rate: give exactly one of perHour, perDay, perWeek (got ${rates.length ? rates.join(', ') : 'none'})`);
    if (a.security && !s.security) throw new UserError(`${label}: arrivals[${i}].security: true needs a top-level security.team to escalate to`);
  });
  if (s.security) team(s.security.team, 'security.team');
  const priorities = new Set(Object.values(s.priorities.matrix).flatMap((row) => Object.values(row)));
  s.arrivals.forEach((a, i) => {
    if (a.priority !== undefined && !priorities.has(a.priority)) {
      throw new UserError(`${label}: arrivals[${i}].priority: "${a.priority}" is not a priority of priorities.matrix (expected one of: ${[...priorities].join(', ')})`);
    }
  });
  for (const p of Object.keys(s.priorities.sla ?? {})) {
    if (!priorities.has(p)) throw new UserError(`${label}: priorities.sla.${p}: "${p}" is not a priority of priorities.matrix (expected one of: ${[...priorities].join(', ')})`);
  }
}

/** One line for the most useful schema error. */
function explain(errors: ErrorObject[], data: unknown): string {
  // Prefer errors on the deepest path; among those, prefer specific keywords over anyOf noise.
  const rank = (e: ErrorObject) => (e.keyword === 'anyOf' || e.keyword === 'oneOf' ? 1 : 0);
  const sorted = [...errors].sort((a, b) => depth(b.instancePath) - depth(a.instancePath) || rank(a) - rank(b));
  const e = sorted[0];
  const path = toFieldPath(e.instancePath);
  const value = valueAt(data, e.instancePath);
  const where = path || '(top level)';
  switch (e.keyword) {
    case 'required':
      return `${path ? `${path}.` : ''}${(e.params as { missingProperty: string }).missingProperty}: missing (a required field)`;
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      return `${path ? `${path}.` : ''}${extra}: unknown field (expected one of: ${allowed.join(', ')})`;
    }
    case 'anyOf':
    case 'oneOf': {
      const desc = (e.parentSchema as { description?: string })?.description;
      return `${where}: ${describe(value)} is not valid${desc ? ` (expected ${desc})` : ''}`;
    }
    default: {
      const desc = (e.parentSchema as { description?: string })?.description;
      return `${where}: ${describe(value)} ${e.message ?? 'is not valid'}${desc ? ` (${desc})` : ''}`;
    }
  }
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
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
