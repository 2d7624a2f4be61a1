/**
 * Escalation drills: a scripted rehearsal over a scenario. Named incidents are injected at given
 * times, some people do not answer or are away, notifications are delayed or lost; the
 * scenario's escalation policy then runs, and the timeline (pages, acknowledgements,
 * escalations, notifications, resolution) is checked against the drill's expectations.
 *
 * Drill file (YAML):
 *   name: primary-does-not-answer
 *   scenario: ../small-team.yaml         # relative to the drill file
 *   duration: 4h                         # how long the drill runs (default 1d)
 *   background: false                    # also simulate the scenario's normal arrivals
 *   incidents: [{ id: DB-DOWN, at: 10m, class: database, priority: P1 }]
 *   silent: [small-team-01]              # never acknowledge
 *   away: [{ engineer: small-team-02, from: 0m, to: 2h }]
 *   notifications: { delay: 1m, loss: 0 } # channel delay, and share of pages lost
 *   channels:                            # a team's or a named engineer's notification chain, replaced for the drill
 *     eve: [{ kind: push, loss: 1, wait: 3m }, { kind: sms, delay: 30s }]
 *   ackDelay: 3m                         # those who answer do so after this long (default: the team's distribution)
 *   expect:
 *     - DB-DOWN acknowledged within 20m
 *     - DB-DOWN reaches level 2 within 30m
 *     - DB-DOWN management notified within 1h
 *     - DB-DOWN resolved within 4h
 *     - DB-DOWN reaches eve within 25m        # a page delivered to eve (any channel)
 *     - DB-DOWN acknowledged by eve within 30m
 */
import { existsSync } from 'node:fs';
import { readTextFile } from '../io/files.js';
import { dirname, resolve } from 'node:path';
import { UserError, show } from '../errors.js';
import { DURATION_FORMS, parseDuration } from '../kernel/duration.js';
import { BOUNDS } from '../scenario/bounds.js';
import { didYouMean } from '../scenario/load.js';
import { parseYamlText } from '../scenario/yaml.js';
import { buildModel } from '../model/build.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { IncidentRecord } from '../sim/records.js';
import { runReplication, type ScriptedIncident, type TraceEvent } from '../sim/lifecycle/index.js';

export type ExpectationKind = 'acknowledged' | 'acknowledged-by' | 'level' | 'reaches' | 'notified' | 'resolved' | 'escalated-to';

export interface Expectation {
  text: string;
  incident: string;
  kind: ExpectationKind;
  within: number;
  level?: number;
  team?: string;
  engineer?: string;
}

export interface Drill {
  name: string;
  file: string;
  scenario: Scenario;
  scenarioSource: string;
  duration: number;
  background: boolean;
  incidents: ScriptedIncident[];
  silent: string[];
  away: { engineer: string; from: number; to: number }[];
  notificationDelay: number;
  notificationLoss: number;
  ackDelay?: number;
  expect: Expectation[];
}

export interface ExpectationResult {
  expectation: Expectation;
  held: boolean;
  /** minutes after the incident opened at which the event happened, if it did */
  at?: number;
  message: string;
}

export interface DrillRun {
  timeline: TraceEvent[];
  incidents: IncidentRecord[];
  results: ExpectationResult[];
}

const DRILL_KEYS = ['name', 'scenario', 'duration', 'background', 'incidents', 'silent', 'away', 'notifications', 'channels', 'ackDelay', 'expect'];

const EXPECT_RE = [
  { re: /^(\S+) acknowledged within (\S+)$/, kind: 'acknowledged' as const },
  { re: /^(\S+) acknowledged by (\S+) within (\S+)$/, kind: 'acknowledged-by' as const },
  { re: /^(\S+) reaches level (\d+) within (\S+)$/, kind: 'level' as const },
  { re: /^(\S+) reaches (\S+) within (\S+)$/, kind: 'reaches' as const },
  { re: /^(\S+) (?:management )?notified within (\S+)$/, kind: 'notified' as const },
  { re: /^(\S+) resolved within (\S+)$/, kind: 'resolved' as const },
  { re: /^(\S+) escalated to (\S+) within (\S+)$/, kind: 'escalated-to' as const },
];

/** Parses one expectation line, e.g. "DB-DOWN reaches level 2 within 30m". */
export function parseExpectation(text: string, path: string): Expectation {
  const t = text.trim().replace(/\s+/g, ' ');
  for (const { re, kind } of EXPECT_RE) {
    const m = re.exec(t);
    if (!m) continue;
    if (kind === 'level') return { text: t, incident: m[1], kind, level: Number(m[2]), within: parseDuration(m[3], path) };
    if (kind === 'escalated-to') return { text: t, incident: m[1], kind, team: m[2], within: parseDuration(m[3], path) };
    if (kind === 'reaches' || kind === 'acknowledged-by') return { text: t, incident: m[1], kind, engineer: m[2], within: parseDuration(m[3], path) };
    return { text: t, incident: m[1], kind, within: parseDuration(m[2], path) };
  }
  throw new UserError(
    `${path}: "${text}" is not an expectation; expected "<incident> acknowledged within <duration>", "<incident> reaches level <n> within <duration>", ` +
      `"<incident> acknowledged by <engineer> within <duration>", "<incident> reaches <engineer> within <duration>", ` +
      `"<incident> management notified within <duration>", "<incident> escalated to <team> within <duration>" or "<incident> resolved within <duration>"`,
  );
}

/** The most runs `drill --runs` may ask for (each is a replication of the drill). */
export const MAX_DRILL_RUNS = 10_000;

/** Reads and checks a drill file (and the scenario it names). */
export function loadDrill(file: string): Drill {
  const raw = parseYamlText(readTextFile(file, 'the drill file'), file);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(`${file}: (top level): expected a mapping (a drill file), got ${show(raw)}`);
  const o = raw as Record<string, unknown>;
  const where = (p: string) => `${file}: ${p}`;
  const mapping = (v: unknown, p: string, what: string): Record<string, unknown> => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UserError(`${where(p)}: ${v === undefined ? 'missing' : show(v)}${v === undefined ? '' : ' is not a mapping'}; expected ${what}`);
    return v as Record<string, unknown>;
  };
  const list = (v: unknown, p: string, what: string): unknown[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new UserError(`${where(p)}: ${show(v)} is not a list; expected ${what}`);
    return v;
  };
  const onlyKeys = (m: Record<string, unknown>, p: string, keys: string[]) => {
    for (const k of Object.keys(m)) if (!keys.includes(k)) throw new UserError(`${where(p ? `${p}.${k}` : k)}: unknown key${didYouMean(k, keys)}; expected one of ${keys.join(', ')}`);
  };
  const duration = (v: unknown, p: string): number => {
    if (typeof v !== 'string' && typeof v !== 'number') throw new UserError(`${where(p)}: ${show(v)} is not a duration; expected ${DURATION_FORMS}`);
    return parseDuration(v, where(p));
  };
  onlyKeys(o, '', DRILL_KEYS);
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.trim() === '')) throw new UserError(`${where('name')}: ${show(o.name)} is not a drill name; expected a non-empty string`);
  if (o.background !== undefined && typeof o.background !== 'boolean') throw new UserError(`${where('background')}: ${show(o.background)} is not true or false`);
  if (typeof o.scenario !== 'string' || o.scenario === '') throw new UserError(`${where('scenario')}: ${o.scenario === undefined ? 'missing' : `${show(o.scenario)} is not a path`}; expected the path of a scenario file (relative to the drill file)`);
  const drillDuration = o.duration !== undefined ? duration(o.duration, 'duration') : 1440;
  // the drill's length becomes the scenario's horizon: its own bounds, named as the drill's
  if (!(drillDuration > 0)) throw new UserError(`${where('duration')}: ${show(o.duration)} is zero; expected a positive duration (how long the drill runs)`);
  if (drillDuration > BOUNDS.horizonMinutes) throw new UserError(`${where('duration')}: ${show(o.duration)} is longer than 156 weeks; expected at most 156w`);
  const scenarioFile = resolve(dirname(file), o.scenario);
  if (!existsSync(scenarioFile)) throw new UserError(`${where('scenario')}: ${show(o.scenario)} names no file (looked for ${show(scenarioFile)}); expected the path of a scenario file, relative to the drill file`);
  const { scenario, source } = loadScenario(scenarioFile, { overrides: [`horizon=${drillDuration}`, 'warmup=0'] });
  applyChannels(scenario, o.channels, where);
  const model = buildModel(scenario);
  const incidentList = list(o.incidents, 'incidents', 'a list of incidents to inject');
  if (incidentList.length === 0) throw new UserError(`${where('incidents')}: ${o.incidents === undefined ? 'missing' : 'empty'}; expected a list of incidents to inject`);
  const ids = new Set<string>();
  const priorities = new Set(Object.values(scenario.priorities.matrix).flatMap((row) => Object.values(row ?? {})));
  const incidents: ScriptedIncident[] = incidentList.map((x, i) => {
    const p = `incidents[${i}]`;
    const inc = mapping(x, p, 'an incident: { id, at, class, priority?, category? }');
    onlyKeys(inc, p, ['id', 'at', 'class', 'priority', 'category']);
    if (typeof inc.id !== 'string' || inc.id === '') throw new UserError(`${where(`${p}.id`)}: ${inc.id === undefined ? 'missing' : `${show(inc.id)} is not an id`}; expected an incident id`);
    if (!/^\S+$/.test(inc.id)) throw new UserError(`${where(`${p}.id`)}: ${show(inc.id)} has spaces; expected an incident id without spaces (expectations name it)`);
    if (ids.has(inc.id)) throw new UserError(`${where(`${p}.id`)}: "${inc.id}" is used twice`);
    ids.add(inc.id);
    if (typeof inc.class !== 'string' || !model.classByName.has(inc.class)) {
      throw new UserError(`${where(`${p}.class`)}: ${inc.class === undefined ? 'missing' : `unknown class ${show(inc.class)}`}; expected one of ${[...model.classByName.keys()].join(', ')}`);
    }
    const at = inc.at === undefined ? 0 : duration(inc.at, `${p}.at`);
    if (at >= drillDuration) throw new UserError(`${where(`${p}.at`)}: ${show(inc.at)} is not before the end of the drill (${o.duration ?? '1d'})`);
    if (inc.priority !== undefined && (typeof inc.priority !== 'string' || !priorities.has(inc.priority))) {
      throw new UserError(`${where(`${p}.priority`)}: ${show(inc.priority)} is not a priority of the scenario's matrix (expected one of ${[...priorities].join(', ')})`);
    }
    if (inc.category !== undefined && typeof inc.category !== 'string') throw new UserError(`${where(`${p}.category`)}: ${show(inc.category)} is not a category name`);
    return { id: inc.id, at, class: inc.class, priority: inc.priority as string | undefined, category: inc.category as string | undefined };
  });
  const names = [...model.engineerById.keys()];
  const engineer = (id: unknown, p: string): string => {
    if (typeof id !== 'string' || !model.engineerById.has(id)) {
      throw new UserError(`${where(p)}: ${id === undefined ? 'missing' : `unknown engineer ${show(id)}`}; the scenario has ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`);
    }
    return id;
  };
  const silent = list(o.silent, 'silent', 'a list of engineer ids who never acknowledge').map((s, i) => engineer(s, `silent[${i}]`));
  const away = list(o.away, 'away', 'a list of absences: { engineer, from?, to? }').map((x, i) => {
    const p = `away[${i}]`;
    const a = mapping(x, p, 'an absence: { engineer, from?, to? }');
    onlyKeys(a, p, ['engineer', 'from', 'to']);
    const from = a.from === undefined ? 0 : duration(a.from, `${p}.from`);
    const to = a.to === undefined ? drillDuration : duration(a.to, `${p}.to`);
    if (!(to > from)) throw new UserError(`${where(`${p}.to`)}: ${show(a.to)} is not after from (${show(a.from ?? 0)})`);
    return { engineer: engineer(a.engineer, `${p}.engineer`), from, to };
  });
  const n = o.notifications === undefined ? {} : mapping(o.notifications, 'notifications', 'a mapping { delay?, loss? }');
  onlyKeys(n, 'notifications', ['delay', 'loss']);
  const loss = n.loss === undefined ? 0 : n.loss;
  if (typeof loss !== 'number' || !(loss >= 0 && loss <= 1)) throw new UserError(`${where('notifications.loss')}: ${show(n.loss)} is not a share; expected a number between 0 and 1`);
  if (!Array.isArray(o.expect)) throw new UserError(`${where('expect')}: ${o.expect === undefined ? 'missing' : `${show(o.expect)} is not a list`}; expected a list of expectations`);
  const teams = new Set(model.teams.map((t) => t.id));
  const expect = o.expect.map((e, i) => {
    const p = `expect[${i}]`;
    if (typeof e !== 'string') throw new UserError(`${where(p)}: ${show(e)} is not an expectation; expected a line such as "DB-DOWN acknowledged within 20m"`);
    const ex = parseExpectation(e, where(p));
    if (!ids.has(ex.incident)) throw new UserError(`${where(p)}: unknown incident "${ex.incident}"; expected one of ${[...ids].join(', ')}`);
    if (ex.team !== undefined && !teams.has(ex.team)) {
      throw new UserError(`${where(p)}: unknown team "${ex.team}"${didYouMean(ex.team, [...teams])}; expected one of ${[...teams].join(', ')}`);
    }
    if (ex.engineer !== undefined) engineer(ex.engineer, where(p));
    return ex;
  });
  return {
    name: typeof o.name === 'string' ? o.name : scenario.name,
    file,
    scenario,
    scenarioSource: source,
    duration: drillDuration,
    background: o.background === true,
    incidents,
    silent,
    away,
    notificationDelay: n.delay !== undefined ? duration(n.delay, 'notifications.delay') : 0,
    notificationLoss: loss,
    ackDelay: o.ackDelay !== undefined ? duration(o.ackDelay, 'ackDelay') : undefined,
    expect,
  };
}

/**
 * The drill's `channels: { <team or engineer id>: [chain] }`: each team's, or named engineer's,
 * notification chain replaced in the scenario for the drill (validated with the scenario).
 */
function applyChannels(scenario: Scenario, channels: unknown, where: (p: string) => string): void {
  if (channels === undefined) return;
  if (!channels || typeof channels !== 'object' || Array.isArray(channels)) throw new UserError(`${where('channels')}: expected a mapping of team or engineer id → a list of channels`);
  for (const [id, chain] of Object.entries(channels)) {
    const p = where(`channels.${id}`);
    if (!Array.isArray(chain) || chain.length === 0) throw new UserError(`${p}: expected a list of channels such as [{ kind: push, loss: 0.2, wait: 3m }, { kind: sms, delay: 30s }]`);
    chain.forEach((c, i) => {
      const keys = ['kind', 'delay', 'loss', 'wait'];
      if (!c || typeof c !== 'object' || typeof (c as { kind?: unknown }).kind !== 'string') throw new UserError(`${p}[${i}].kind: expected the channel's name (push, sms, phone, …)`);
      for (const k of Object.keys(c)) if (!keys.includes(k)) throw new UserError(`${p}[${i}].${k}: unknown field; expected one of ${keys.join(', ')}`);
      const loss = (c as { loss?: unknown }).loss;
      if (loss !== undefined && !(typeof loss === 'number' && loss >= 0 && loss <= 1)) throw new UserError(`${p}[${i}].loss: expected a probability between 0 and 1, got ${JSON.stringify(loss)}`);
    });
    const team = scenario.teams.find((t) => t.id === id);
    if (team) {
      team.channels = chain;
      continue;
    }
    const named = scenario.teams.flatMap((t) => (Array.isArray(t.engineers) ? t.engineers : [t.engineers])).find((g) => 'id' in g && g.id === id);
    if (!named) throw new UserError(`${p}: "${id}" is no team and no named engineer of the scenario (engineers generated from a group take their team's channels)`);
    (named as { channels?: unknown }).channels = chain;
  }
}

/** Runs the drill once (replication `index`); `randomAck` ignores the drill's fixed ackDelay. */
export function runDrill(drill: Drill, index = 0, randomAck = false): DrillRun {
  const model = buildModel(drill.scenario);
  const timeline: TraceEvent[] = [];
  const incidents: IncidentRecord[] = [];
  const scripted = new Set(drill.incidents.map((i) => i.id));
  runReplication(model, {
    index,
    script: drill.incidents,
    noArrivals: !drill.background,
    silent: new Set(drill.silent),
    away: drill.away,
    notificationDelay: drill.notificationDelay,
    notificationLoss: drill.notificationLoss,
    fixedAckDelay: randomAck ? undefined : drill.ackDelay,
    trace: (e) => {
      if (e.incident === undefined ? e.type !== 'presence' : scripted.has(e.incident)) timeline.push(e);
    },
    onIncident: (r) => {
      if (scripted.has(r.id)) incidents.push(r);
    },
  });
  return { timeline, incidents, results: drill.expect.map((ex) => check(ex, incidents, timeline)) };
}

function check(ex: Expectation, incidents: IncidentRecord[], timeline: TraceEvent[]): ExpectationResult {
  const r = incidents.find((i) => i.id === ex.incident)!;
  let at: number | undefined;
  switch (ex.kind) {
    case 'acknowledged':
      at = r.firstAckAt;
      break;
    case 'acknowledged-by':
      at = timeline.find((e) => e.incident === ex.incident && e.type === 'acknowledged' && e.engineer === ex.engineer)?.t;
      break;
    case 'reaches':
      // delivered on a channel; without channels a page reaches its engineer when sent, unless lost
      at = timeline.find((e) => e.incident === ex.incident && e.engineer === ex.engineer && (e.type === 'delivered' || e.type === 'acknowledged'))?.t;
      break;
    case 'resolved':
      at = r.resolvedAt;
      break;
    case 'notified':
      at = r.escalations.find((e) => e.kind === 'hierarchical')?.at;
      break;
    case 'escalated-to':
      at = r.escalations.find((e) => e.kind === 'functional' && e.to === ex.team)?.at;
      break;
    case 'level':
      at = timeline.find((e) => e.incident === ex.incident && e.type === 'paged' && Number(/level (\d+)/.exec(e.detail ?? '')?.[1]) >= ex.level!)?.t;
      break;
  }
  const rel = at === undefined ? undefined : at - r.openedAt;
  const held = rel !== undefined && rel <= ex.within + 1e-9;
  const fmt = (m: number) => fmtClock(m);
  const message = held
    ? `ok: ${ex.text} (at +${fmt(rel!)})`
    : rel === undefined
      ? `FAILED: ${ex.text} — it never happened during the drill`
      : `FAILED: ${ex.text} — it happened at +${fmt(rel)}, ${fmt(rel - ex.within)} late`;
  return { expectation: ex, held, at: rel, message };
}

/**
 * A duration in minutes as "1h05m", "12m" or "45s" (under a minute). Rounded to the minute
 * first, then split, so 179.6 min is "3h00m", never "2h60m"; negative durations get a "-".
 */
export function fmtClock(minutes: number): string {
  if (minutes < 0) return `-${fmtClock(-minutes)}`;
  if (minutes > 0 && minutes < 1 && Math.round(minutes * 60) < 60) return `${Math.round(minutes * 60)}s`;
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total - h * 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m`;
}

/** A drill instant (minutes since the drill's start) as "+HH:MM", rounded to the minute first: 125.6 → "+02:06", 179.7 → "+03:00". */
export function fmtOffset(t: number): string {
  const total = Math.round(t);
  return `+${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** The timeline as text lines: "+00:10  DB-DOWN  paged  small-team-01  level 1, round 1". */
export function formatTimeline(run: DrillRun): string {
  const hhmm = fmtOffset;
  return run.timeline
    .filter((e) => e.type !== 'work-started' && e.type !== 'routed')
    .map((e) => [hhmm(e.t), (e.incident ?? '').padEnd(10), e.type.padEnd(14), (e.engineer ?? e.team ?? '').padEnd(16), e.detail ?? ''].join('  ').trimEnd())
    .join('\n') + '\n';
}

/** Repeats the drill with random acknowledgement delays; probability that each expectation holds (with a Wilson 95% interval). */
export function drillProbabilities(drill: Drill, runs: number): { expectation: string; probability: number; ci95: [number, number]; held: number; runs: number }[] {
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_DRILL_RUNS) throw new UserError(`--runs: ${show(runs)} is not a number of runs; expected a whole number from 1 to ${MAX_DRILL_RUNS.toLocaleString('en-US')}`);
  const held = new Array<number>(drill.expect.length).fill(0);
  for (let i = 0; i < runs; i++) runDrill(drill, i, true).results.forEach((r, k) => { if (r.held) held[k]++; });
  return drill.expect.map((ex, k) => ({ expectation: ex.text, probability: held[k] / runs, ci95: wilson(held[k], runs), held: held[k], runs }));
}

function wilson(k: number, n: number): [number, number] {
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
