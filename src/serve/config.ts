/**
 * The live configuration of `incisim serve`, read from a validated scenario: the engine's roster,
 * the escalation policy, which teams page, SLA targets, presence timelines from shifts, on-call
 * rotations, meetings and vacations (random absences are not drawn live), and the alert mapping
 * (`serve:` in the scenario). Time inside is minutes since `originMs`, the scenario's start moved
 * back by whole weeks when the service clock reads earlier (so shifts and hand-offs keep their
 * weekday and local time).
 */
import { DateTime } from 'luxon';
import { buildModel } from '../model/build.js';
import type { Model, PresenceTimeline } from '../model/types.js';
import type { Scenario, ServeConfig } from '../scenario/schema.js';
import { UserError } from '../errors.js';

/** How far ahead presence timelines are computed (minutes); extended as the clock nears the end. */
export const PRESENCE_WINDOW = 8 * 10080;

export interface MappingRule {
  match: [string, (v: string | undefined) => boolean][];
  team?: string;
  priority?: string;
  category?: string;
  skills?: string[];
}

export interface LiveConfig {
  scenario: Scenario;
  /** epoch ms of minute 0 */
  originMs: number;
  model: Model;
  /** team → does it page (on-call teams, or `paging: true`) */
  paging: ReadonlyMap<string, boolean>;
  tiers: ReadonlyMap<string, number>;
  /** every priority the scenario names */
  priorities: ReadonlySet<string>;
  defaultTeam: string;
  defaultPriority: string;
  severities: Readonly<Record<string, string>>;
  rules: MappingRule[];
  webhooks: { url: string; events?: Set<string> }[];
  /** presence timelines over [0, horizon) */
  horizon: number;
  presence: PresenceTimeline[];
}

const SEVERITIES: Record<string, string> = {
  critical: 'P1', crit: 'P1', fatal: 'P1', emergency: 'P1', page: 'P1',
  error: 'P2', high: 'P2', major: 'P2',
  warning: 'P3', warn: 'P3', medium: 'P3', minor: 'P3',
  info: 'P4', informational: 'P4', low: 'P4', none: 'P5',
};

/**
 * The origin for a clock reading `nowMs`: the scenario start, or that start moved back by whole
 * weeks of its local calendar until it is at or before `nowMs`.
 */
export function originFor(scenario: Scenario, nowMs: number): number {
  const zone = scenario.timezone ?? 'UTC';
  const start = DateTime.fromISO(scenario.start, { setZone: true }).setZone(zone);
  if (start.toMillis() <= nowMs) return start.toMillis();
  const weeks = Math.ceil((start.toMillis() - nowMs) / (7 * 86400000));
  let t = start.minus({ weeks });
  while (t.toMillis() > nowMs) t = t.minus({ weeks: 1 });
  return t.toMillis();
}

/** Builds the live configuration, presence computed up to minute `until` + PRESENCE_WINDOW. */
export function liveConfig(scenario: Scenario, originMs: number, until: number, source: string): LiveConfig {
  const horizon = Math.ceil((Math.max(0, until) + PRESENCE_WINDOW) / 1440) * 1440;
  const startIso = DateTime.fromMillis(originMs, { zone: scenario.timezone ?? 'UTC' }).toISO()!;
  const live: Scenario = { ...scenario, start: startIso, horizon, warmup: 0 };
  let model: Model;
  try {
    model = buildModel(live);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${source}: ${e.message}`);
    throw e;
  }
  const presence = model.presence(() => 1);
  const serve: ServeConfig = scenario.serve ?? {};
  const teamIds = model.teams.map((t) => t.id);
  const fail = (path: string, msg: string): never => {
    throw new UserError(`${source}: serve.${path}: ${msg}`);
  };
  const team = (id: string, path: string) => {
    if (!teamIds.includes(id)) fail(path, `unknown team "${id}"; expected one of ${teamIds.join(', ')}`);
    return id;
  };
  const priorities = new Set<string>([
    ...Object.values(scenario.priorities.matrix).flatMap((r) => Object.values(r)),
    ...Object.keys(scenario.priorities.sla ?? {}),
    ...Object.keys(scenario.priorities.weights ?? {}),
  ]);
  const priority = (p: string, path: string) => {
    if (!priorities.has(p)) fail(path, `unknown priority "${p}"; expected one of ${[...priorities].sort().join(', ')}`);
    return p;
  };
  const firstTier1 = model.teams.find((t) => t.tier === 1) ?? model.teams[0];
  const defaultTeam = serve.defaultTeam !== undefined ? team(serve.defaultTeam, 'defaultTeam') : firstTier1.id;
  const known = [...priorities].sort();
  const defaultPriority = serve.defaultPriority !== undefined
    ? priority(serve.defaultPriority, 'defaultPriority')
    : priorities.has('P3') ? 'P3' : known[Math.floor(known.length / 2)];
  const severities: Record<string, string> = {};
  for (const [s, p] of Object.entries(SEVERITIES)) if (priorities.has(p)) severities[s] = p;
  for (const [s, p] of Object.entries(serve.severities ?? {})) severities[s.toLowerCase()] = priority(p, `severities.${s}`);
  const rules = (serve.rules ?? []).map((r, i): MappingRule => ({
    match: Object.entries(r.match).map(([k, v]) => [k, matcher(v, `rules[${i}].match.${k}`, fail)]),
    team: r.team !== undefined ? team(r.team, `rules[${i}].team`) : undefined,
    priority: r.priority !== undefined ? priority(r.priority, `rules[${i}].priority`) : undefined,
    category: r.category,
    skills: r.skills,
  }));
  const webhooks = (serve.webhooks ?? []).map((w, i) => {
    let url: URL;
    try {
      url = new URL(w.url);
    } catch {
      return fail(`webhooks[${i}].url`, `${JSON.stringify(w.url)} is not a URL; expected http://… or https://…`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`webhooks[${i}].url`, `${JSON.stringify(w.url)} is not http or https`);
    return { url: w.url, events: w.events ? new Set(w.events) : undefined };
  });
  return {
    scenario, originMs, model,
    paging: new Map(model.teams.map((t) => [t.id, t.paging])),
    tiers: new Map(model.teams.map((t) => [t.id, t.tier])),
    priorities, defaultTeam, defaultPriority, severities, rules, webhooks, horizon, presence,
  };
}

function matcher(v: string, path: string, fail: (p: string, m: string) => never): (x: string | undefined) => boolean {
  if (v === '*') return (x) => x !== undefined;
  if (v.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp(v.slice(1));
    } catch (e) {
      return fail(path, `${JSON.stringify(v)} is not a regular expression (${(e as Error).message})`);
    }
    return (x) => x !== undefined && re.test(x);
  }
  return (x) => x === v;
}

/** What the mapping makes of an alert's attributes. */
export interface Placement {
  team: string;
  priority: string;
  category?: string;
  skills?: string[];
  /** which rule placed it (index), or how */
  by: string;
}

/**
 * Places an alert: the first rule whose every `match` pair holds gives what it names; a `team`
 * attribute naming a team of the scenario is used when no rule names one; the severity maps to a
 * priority when no rule names one; the rest is the default team and priority.
 */
export function place(cfg: LiveConfig, attrs: Readonly<Record<string, string | undefined>>): Placement {
  const rule = cfg.rules.findIndex((r) => r.match.every(([k, f]) => f(attrs[k])));
  const r = rule >= 0 ? cfg.rules[rule] : undefined;
  const labelTeam = attrs.team !== undefined && cfg.tiers.has(attrs.team) ? attrs.team : undefined;
  const sev = attrs.severity?.toLowerCase();
  const labelPriority = attrs.priority !== undefined && cfg.priorities.has(attrs.priority) ? attrs.priority : undefined;
  return {
    team: r?.team ?? labelTeam ?? cfg.defaultTeam,
    priority: r?.priority ?? labelPriority ?? (sev !== undefined ? cfg.severities[sev] : undefined) ?? cfg.defaultPriority,
    category: r?.category ?? attrs.category,
    skills: r?.skills,
    by: r ? `rule ${rule}` : labelTeam ? 'team label' : 'default team',
  };
}
