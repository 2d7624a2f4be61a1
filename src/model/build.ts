/**
 * Builds the runtime Model from a validated Scenario: expands engineer groups into named
 * engineers, parses every duration and distribution, converts instants to simulated minutes,
 * builds arrival processes, SLA calendars and presence timelines, and the assignment engine's
 * roster. Errors are UserErrors naming the field path (validation catches most earlier).
 */
import { DateTime } from 'luxon';
import { parseDistribution } from '../kernel/distributions/index.js';
import { parseDuration } from '../kernel/duration.js';
import { UserError, show } from '../errors.js';
import type { EngineerSpec, RosterSpec, TeamSpec } from '../engine/types.js';
import { createEscalationPolicy } from '../policies/escalation/index.js';
import { createRoutingPolicy } from '../policies/routing/index.js';
import type { EngineerConfig, EngineerGroupConfig, Scenario, SlaTargetConfig, TeamConfig } from '../scenario/schema.js';
import { classItil, comms, misclassification, problems, requestSla, usesItil } from './itil.js';
import { ArrivalProcess, baseRatePerMinute, instantToMinutes, profileWeights } from './arrivals.js';
import { HourTables } from './hourly.js';
import { checkInstant, checkZone } from '../time/parse.js';
import { BOUNDS, fmtBound } from '../scenario/bounds.js';
import { buildOnCallSchedules, buildPresence, buildSlaCalendar } from './time.js';
import { Clock } from '../time/clock.js';
import type { OnCallSchedule } from '../time/oncall.js';
import type { ChannelConfig } from '../scenario/schema.js';
import type { AckDelayModel, BacklogTicketModel, ChannelModel, ClassModel, EngineerModel, MajorIncidentModel, Model, SlaModel, TeamModel } from './types.js';

const DEFAULT_WEIGHTS: Record<string, number> = { P1: 8, P2: 4, P3: 2, P4: 1, P5: 1 };

function cumulative(w: { high?: number; medium?: number; low?: number } | undefined, fallback: [number, number, number]): [number, number, number] {
  if (!w) return fallback;
  const h = w.high ?? 0;
  const m = w.medium ?? 0;
  const l = w.low ?? 0;
  return [h, h + m, h + m + l];
}

function expandEngineers(team: TeamConfig, path: string, defaultTz: string): (EngineerConfig & { groupPath: string })[] {
  const list = Array.isArray(team.engineers) ? team.engineers : [team.engineers];
  const out: (EngineerConfig & { groupPath: string })[] = [];
  let n = 0;
  list.forEach((item, i) => {
    const itemPath = Array.isArray(team.engineers) ? `${path}.engineers[${i}]` : `${path}.engineers`;
    if ('id' in item && typeof (item as EngineerConfig).id === 'string') {
      out.push({ timezone: team.timezone ?? defaultTz, ...(item as EngineerConfig), groupPath: itemPath });
      return;
    }
    const g = item as EngineerGroupConfig;
    const skills = Array.isArray(g.skills) ? Object.fromEntries(g.skills.map((s) => [s, 3])) : g.skills;
    const prefix = g.prefix ?? team.id;
    for (let k = 0; k < g.count; k++) {
      n++;
      out.push({
        id: `${prefix}-${String(n).padStart(2, '0')}`,
        skills,
        capacity: g.capacity,
        incidentShare: g.incidentShare,
        timezone: g.timezone ?? team.timezone ?? defaultTz,
        shift: g.shift,
        surge: g.surge,
        roles: g.roles,
        from: g.from,
        until: g.until,
        ramp: g.ramp,
        channels: g.channels,
        groupPath: itemPath,
      });
    }
  });
  return out;
}

/**
 * A notification chain: every channel's delay parsed, and a `wait` on every channel but the last
 * (how long before falling back to the next one); the last waits until the escalation timeout.
 */
export function parseChannels(list: readonly ChannelConfig[], path: string): ChannelModel[] {
  return list.map((c, i) => {
    const cp = `${path}[${i}]`;
    const last = i === list.length - 1;
    if (!last && c.wait === undefined) throw new UserError(`${cp}.wait: missing; expected how long to wait for an acknowledgement before falling back to ${list[i + 1].kind} (e.g. 5m)`);
    if (last && c.wait !== undefined) throw new UserError(`${cp}.wait: ${JSON.stringify(c.wait)} on the last channel of the chain; there is nothing to fall back to (it waits until the escalation timeout): remove it`);
    return {
      kind: c.kind,
      delay: parseDistribution(c.delay ?? 0, `${cp}.delay`),
      loss: c.loss ?? 0,
      wait: last ? Infinity : parseDuration(c.wait!, `${cp}.wait`),
    };
  });
}

/**
 * Every "team:<id>", "engineer:<id>" and "oncall:<team>/<layer>" page target (and every
 * `immediate` team) in escalation options must exist.
 */
function checkPageTargets(value: unknown, path: string, teams: ReadonlyMap<string, unknown>, engineers: ReadonlyMap<string, unknown>, oncall: ReadonlyMap<string, ReadonlyMap<string, readonly OnCallSchedule[]>> = new Map()): void {
  if (typeof value === 'string') {
    const o = /^oncall:([^/\s]+)(?:\/([^/\s]+))?$/.exec(value);
    if (o) {
      const layers = oncall.get(o[1]);
      if (!layers) {
        const names = [...oncall.keys()];
        throw new UserError(`${path}: "${value}" names no team with an on-call schedule (expected one of: ${names.length ? names.map((n) => `oncall:${n}`).join(', ') : 'none: no team has oncall'})`);
      }
      const layer = o[2] ?? 'primary';
      if (!layers.has(layer)) throw new UserError(`${path}: "${value}": team ${o[1]} has no on-call layer "${layer}" (its layers: ${[...layers.keys()].join(', ')})`);
      return;
    }
    const m = /^(team|engineer):(.+)$/.exec(value);
    if (!m) return;
    const known = m[1] === 'team' ? teams : engineers;
    if (!known.has(m[2])) {
      const names = [...known.keys()];
      throw new UserError(`${path}: ${show(value)} names no ${m[1]} of the scenario (expected one of: ${names.slice(0, 10).map((n) => `${m[1]}:${n}`).join(', ')}${names.length > 10 ? ', …' : ''})`);
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkPageTargets(v, `${path}[${i}]`, teams, engineers, oncall));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // `immediate: { <category>: <team id> }` names teams without the "team:" prefix
      const teamIds = k === 'immediate' && v && typeof v === 'object' && !Array.isArray(v);
      checkPageTargets(teamIds ? Object.fromEntries(Object.entries(v).map(([c, t]) => [c, `team:${t}`])) : v, `${path}.${k}`, teams, engineers, oncall);
    }
  }
}

/**
 * The incidents one replication is expected to create must stay within BOUNDS: the classes' rates
 * over the horizon (profile and peaks included), plus what their storms spawn. A storm's incidents
 * may start storms of their own; when a chain of storm classes spawns on average one incident or
 * more per incident (probability × mean size, multiplied along the chain), the storm never ends —
 * refused, naming the class.
 */
function checkIncidentVolume(scenario: Scenario, classes: ClassModel[], horizon: number): number {
  const index = new Map(classes.map((c, i) => [c.name, i]));
  const ratio = classes.map((c) => (c.storm ? c.storm.probability * Math.max(0, c.storm.size.mean) : 0));
  const target = classes.map((c) => (c.storm ? index.get(c.storm.class) ?? -1 : -1));
  classes.forEach((c, i) => {
    // follow the chain of storm classes from i; back at i means a cycle
    let product = 1;
    let k = i;
    const seen = new Set<number>();
    while (target[k] >= 0 && !seen.has(k)) {
      seen.add(k);
      product *= ratio[k];
      k = target[k];
      if (k === i) {
        if (product >= 1) {
          const chain = [...seen].map((j) => `"${classes[j].name}"`).join(' → ');
          throw new UserError(`arrivals[${i}].storms: each incident of ${show(c.name)} leads on average to ${product.toPrecision(3)} more of its own class (storm probability × mean size${seen.size > 1 ? ` along ${chain}` : ''}), so the storm would never end; expected less than 1`);
        }
        break;
      }
    }
  });
  // expected incidents per class: its own arrivals plus what the storms aimed at it spawn
  const base = classes.map((c) => c.arrivals.expected(0, horizon));
  let n = [...base];
  for (let round = 0; round < 10_000; round++) {
    const next = [...base];
    classes.forEach((_, i) => { if (target[i] >= 0) next[target[i]] += ratio[i] * n[i]; });
    const change = next.reduce((d, x, i) => Math.max(d, Math.abs(x - n[i])), 0);
    n = next;
    if (!(change > 1e-6 * Math.max(1, ...n)) || n.some((x) => !(x <= BOUNDS.incidentsPerReplication * 10))) break;
  }
  const total = n.reduce((a, b) => a + b, 0);
  if (!(total <= BOUNDS.incidentsPerReplication)) {
    const worst = n.reduce((w, x, i) => (x > n[w] ? i : w), 0);
    const what = Number.isFinite(total) ? `about ${fmtBound(Math.round(total))}` : 'unboundedly many';
    const storms = ratio.some((x) => x > 0);
    throw new UserError(`arrivals: ${what} incidents expected per replication (rates × horizon${storms ? ', storms included' : ''}; most of them of arrivals[${worst}] ${show(scenario.arrivals[worst].class)}); expected at most ${fmtBound(BOUNDS.incidentsPerReplication)} — shorten the horizon or lower the rates${storms ? ' or storms' : ''}`);
  }
  return total;
}

/** The number of replications a scenario asks for (its `replications`, 10 when unset), without building its model. */
export function replicationsOf(scenario: Scenario): number {
  return scenario.replications ?? 10;
}

/** Builds the Model for `scenario` (already validated). */
export function buildModel(scenario: Scenario): Model {
  // Loading a scenario validates it by building its model; the run then builds it again. A model
  // is read-only, so the last one built from this very object, unchanged since, is handed back.
  const json = JSON.stringify(scenario);
  const hit = lastBuilt.get(scenario);
  if (hit !== undefined && hit.json === json) return hit.model;
  const model = build(scenario);
  lastBuilt.set(scenario, { json, model });
  return model;
}

const lastBuilt = new WeakMap<Scenario, { json: string; model: Model }>();

function build(scenario: Scenario): Model {
  const timezone = scenario.timezone ?? 'UTC';
  checkInstant(scenario.start, 'start');
  checkZone(timezone, 'timezone');
  scenario.teams.forEach((t, i) => {
    if (t.timezone !== undefined) checkZone(t.timezone, `teams[${i}].timezone`);
    const groups = Array.isArray(t.engineers) ? t.engineers : [t.engineers];
    groups.forEach((g, k) => {
      if (g.timezone !== undefined) checkZone(g.timezone, `teams[${i}].engineers${Array.isArray(t.engineers) ? `[${k}]` : ''}.timezone`);
    });
  });
  const horizon = parseDuration(scenario.horizon, 'horizon');
  if (horizon > BOUNDS.horizonMinutes) throw new UserError(`horizon: ${show(scenario.horizon)} is longer than 156 weeks (3 years), the longest horizon; expected at most 156w`);
  if (!(horizon > 0)) throw new UserError(`horizon: ${show(scenario.horizon)} is zero; expected a positive duration`);
  const warmup = scenario.warmup !== undefined ? parseDuration(scenario.warmup, 'warmup') : 0;
  if (!(warmup < horizon)) throw new UserError(`warmup: ${warmup} min is not shorter than the horizon (${horizon} min)`);
  const hours = new HourTables(scenario.start, horizon);
  const priorityWeights = { ...DEFAULT_WEIGHTS, ...(scenario.priorities.weights ?? {}) };

  // SLA per priority, on calendars reaching back to the oldest backlog ticket.
  const earliest = Math.min(0, ...(scenario.backlog?.tickets ?? []).map((t, i) => instantToMinutes(t.openedAt, scenario.start, timezone, `backlog.tickets[${i}].openedAt`)));
  const slaOf = (_p: string, s: SlaTargetConfig, path: string): SlaModel => {
    const calendarName = s.calendar ?? '24x7';
    return {
      respond: s.respond !== undefined ? parseDuration(s.respond, `${path}.respond`) : undefined,
      resolve: s.resolve !== undefined ? parseDuration(s.resolve, `${path}.resolve`) : undefined,
      target: s.target,
      calendarName,
      calendar: buildSlaCalendar(scenario, calendarName, horizon, `${path}.calendar`, earliest),
    };
  };
  const sla = new Map<string, SlaModel>();
  for (const [p, s] of Object.entries(scenario.priorities.sla ?? {})) sla.set(p, slaOf(p, s, `priorities.sla.${p}`));
  for (const [p, s] of Object.entries(scenario.priorities.slaByType?.incident ?? {})) sla.set(p, slaOf(p, s, `priorities.slaByType.incident.${p}`));

  // Calendars no SLA uses are checked all the same (a holiday that is not a date is a mistake anyway).
  const used = new Set([...sla.values()].map((x) => x.calendarName));
  for (const name of Object.keys(scenario.calendars ?? {})) if (!used.has(name)) buildSlaCalendar(scenario, name, Math.min(horizon, 10_080), `calendars.${name}`);

  // Teams and engineers (counted before they are made: a count of millions is refused, not built).
  const planned = scenario.teams.reduce((n, t) => n + (Array.isArray(t.engineers) ? t.engineers : [t.engineers])
    .reduce((m, g) => m + ('id' in g && typeof (g as EngineerConfig).id === 'string' ? 1 : Math.max(0, (g as EngineerGroupConfig).count ?? 0)), 0), 0);
  if (!(planned <= BOUNDS.engineers)) {
    throw new UserError(`teams: ${fmtBound(planned)} engineers in all; expected at most ${fmtBound(BOUNDS.engineers)}`);
  }
  const teams: TeamModel[] = [];
  const engineers: EngineerModel[] = [];
  const engineerConfigs: (EngineerConfig & { groupPath: string })[] = [];
  const rosterTeams: TeamSpec[] = [];
  const rosterEngineers: EngineerSpec[] = [];
  scenario.teams.forEach((t, ti) => {
    const path = `teams[${ti}]`;
    let ackDelay: AckDelayModel | undefined;
    if (t.ackDelay !== undefined) {
      if (typeof t.ackDelay === 'string') ackDelay = { day: parseDistribution(t.ackDelay, `${path}.ackDelay`), nightFrom: 22, nightTo: 8 };
      else {
        const [from, to] = (t.ackDelay.nightHours ?? '22:00-08:00').split('-').map((x) => parseInt(x, 10));
        ackDelay = {
          day: parseDistribution(t.ackDelay.day, `${path}.ackDelay.day`),
          night: parseDistribution(t.ackDelay.night, `${path}.ackDelay.night`),
          nightFrom: from,
          nightTo: to,
        };
      }
    }
    const team: TeamModel = {
      id: t.id,
      index: ti,
      tier: t.tier ?? 1,
      timezone: t.timezone ?? timezone,
      paging: t.paging ?? t.oncall !== undefined,
      ackDelay,
      handoffDelay: t.handoff?.delay !== undefined ? parseDistribution(t.handoff.delay, `${path}.handoff.delay`) : undefined,
      handoffRework: t.handoff?.rework ?? 0,
      service: t.service ?? 'slots',
      surge: t.surge ? { backlog: t.surge.backlog, maxDuration: parseDuration(t.surge.maxDuration, `${path}.surge.maxDuration`) } : undefined,
      channels: t.channels ? parseChannels(t.channels, `${path}.channels`) : undefined,
    };
    teams.push(team);
    if (t.routing) createRoutingPolicy(t.routing, `${path}.routing`); // validates name and options now, not mid-run
    rosterTeams.push({
      id: t.id,
      tier: team.tier,
      routing: t.routing,
      queue: t.queue,
      fallback: t.fallback,
      overflow: t.overflow,
    });
    for (const ec of expandEngineers(t, path, team.timezone)) {
      const m: EngineerModel = {
        id: ec.id,
        index: engineers.length,
        team: t.id,
        capacity: ec.capacity ?? 1,
        share: ec.incidentShare ?? 1,
        timezone: ec.timezone ?? team.timezone,
        roles: ec.roles ?? [],
        surgeTeams: ec.surge ?? [],
        channels: ec.channels ? parseChannels(ec.channels, `${ec.groupPath}.channels`) : undefined,
        ramp: ec.ramp ? rampOf(ec, scenario, timezone, horizon) : undefined,
      };
      engineers.push(m);
      engineerConfigs.push(ec);
      rosterEngineers.push({
        id: m.id,
        team: t.id,
        tier: team.tier,
        skills: ec.skills,
        capacity: m.capacity,
        incidentShare: m.share,
        timezone: m.timezone,
        presence: 'off',
      });
    }
  });
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const engineerById = new Map(engineers.map((e) => [e.id, e]));
  if (engineers.length > BOUNDS.engineers) {
    throw new UserError(`teams: ${fmtBound(engineers.length)} engineers in all; expected at most ${fmtBound(BOUNDS.engineers)}`);
  }
  const seen = new Set<string>();
  for (const e of engineers) {
    if (seen.has(e.id)) throw new UserError(`teams: engineer id ${show(e.id)} is used twice; engineer ids must be unique across teams`);
    seen.add(e.id);
  }

  // Arrival classes.
  const classes: ClassModel[] = scenario.arrivals.map((a, ai) => {
    const path = `arrivals[${ai}]`;
    const peaks = (a.peaks ?? []).map((p, pi) => ({
      from: instantToMinutes(p.from, scenario.start, timezone, `${path}.peaks[${pi}].from`),
      to: instantToMinutes(p.to, scenario.start, timezone, `${path}.peaks[${pi}].to`),
      factor: p.factor,
    }));
    const arrivals = new ArrivalProcess(baseRatePerMinute(a.rate, path), profileWeights(a.profile, path), hours.get(timezone), peaks);
    const pathSteps = a.path.map((s, si) => ({
      team: s.team,
      work: parseDistribution(s.work, `${path}.path[${si}].work`),
      resolves: s.resolves ?? (si === a.path.length - 1 ? 1 : 0),
    }));
    let misroute: ClassModel['misroute'];
    if (a.misroute) {
      // Wrong teams: the other teams of the right team's tier (any other team when it is alone there).
      const correct = a.path[0].team;
      const tier = teamById.get(correct)?.tier ?? 1;
      const sameTier = scenario.teams.filter((t) => t.id !== correct && (t.tier ?? 1) === tier).map((t) => t.id);
      const others = sameTier.length > 0 ? sameTier : scenario.teams.filter((t) => t.id !== correct).map((t) => t.id);
      const repeat = a.misroute.repeat !== undefined ? parseDistribution(a.misroute.repeat, `${path}.misroute.repeat`) : undefined;
      if (repeat && sameTier.length < 2) {
        throw new UserError(`${path}.misroute.repeat: ${show(a.misroute.repeat)} needs at least two teams besides ${show(correct)} in tier ${tier} to pass the incident between; found ${sameTier.length === 0 ? 'none' : `only ${show(sameTier[0])}`}`);
      }
      if (a.misroute.to !== undefined || others.length > 0) {
        misroute = { probability: a.misroute.probability, to: a.misroute.to, detect: parseDistribution(a.misroute.detectAfter, `${path}.misroute.detectAfter`), repeat, others };
      }
    }
    return {
      name: a.class,
      category: a.category,
      arrivals,
      impact: cumulative(a.impact, [0, 1, 1]),
      urgency: cumulative(a.urgency, [0, 1, 1]),
      fixedPriority: a.priority,
      // frozen: the assignment engine keeps a frozen list as it is (no copy per incident)
      skills: a.skills !== undefined ? Object.freeze([...a.skills]) : undefined,
      path: pathSteps,
      misroute,
      pickup: a.pickup !== undefined ? parseDistribution(a.pickup, `${path}.pickup`) : undefined,
      autoRemediate: a.autoRemediate ? { probability: a.autoRemediate.probability, after: parseDistribution(a.autoRemediate.after, `${path}.autoRemediate.after`) } : undefined,
      pending: a.pending ? { probability: a.pending.probability, duration: parseDistribution(a.pending.duration, `${path}.pending.duration`), kind: a.pending.kind ?? 'awaiting-user' } : undefined,
      storm: a.storms ? {
        probability: a.storms.probability,
        size: parseDistribution(a.storms.size, `${path}.storms.size`),
        within: parseDuration(a.storms.within, `${path}.storms.within`),
        class: a.storms.class ?? a.class,
      } : undefined,
      security: a.security ?? false,
      ...classItil(a, ai, scenario),
    };
  });

  const expectedIncidents = checkIncidentVolume(scenario, classes, horizon);

  let majorIncident: MajorIncidentModel | undefined;
  if (scenario.majorIncident) {
    const mi = scenario.majorIncident;
    majorIncident = {
      priorities: new Set(mi.priorities ?? ['P1']),
      probability: mi.probability ?? 1,
      roles: Object.entries(mi.roles ?? { commander: 1, communications: 1, technical: 1 }).map(([role, count]) => ({ role, count })),
      otherWork: mi.otherWork ?? 'reassign',
      duration: mi.duration !== undefined ? parseDistribution(mi.duration, 'majorIncident.duration') : undefined,
    };
  }

  const roster: RosterSpec = {
    teams: rosterTeams,
    engineers: rosterEngineers,
    priorityWeights,
    loadUnit: scenario.workloadUnit ?? 'count',
    defaultRouting: scenario.routing,
  };

  if (scenario.routing) createRoutingPolicy(scenario.routing, 'routing');
  const escalation = createEscalationPolicy(scenario.escalation ?? { policy: 'none' }, 'escalation');
  const oncall = buildOnCallSchedules(scenario, engineers, horizon);
  checkPageTargets(scenario.escalation?.options, 'escalation.options', teamById, engineerById, oncall);

  let aging: number[] | undefined;
  if (scenario.aging) {
    aging = scenario.aging.map((d, i) => parseDuration(d, `aging[${i}]`));
    aging.forEach((b, i) => {
      if (!(b > (i > 0 ? aging![i - 1] : 0))) throw new UserError(`aging[${i}]: ${JSON.stringify(scenario.aging![i])} is not after ${i > 0 ? JSON.stringify(scenario.aging![i - 1]) : '0'}; expected ascending bucket bounds such as [1d, 3d, 7d]`);
    });
  }

  return {
    scenario,
    name: scenario.name,
    startIso: scenario.start,
    timezone,
    horizon,
    warmup,
    expectedIncidents,
    replications: replicationsOf(scenario),
    seed: scenario.seed ?? 1,
    workloadUnit: scenario.workloadUnit ?? 'count',
    priorityMatrix: scenario.priorities.matrix as Record<string, Record<string, string>>,
    priorityWeights,
    sla,
    requestSla: requestSla(scenario, sla, slaOf),
    teams,
    teamById,
    engineers,
    engineerById,
    classes,
    classByName: new Map(classes.map((c) => [c.name, c])),
    weeklyShape: weeklyShape(scenario, classes, horizon),
    roster,
    escalation,
    triageDelay: scenario.triage?.delay !== undefined ? parseDistribution(scenario.triage.delay, 'triage.delay') : undefined,
    majorIncident,
    securityTeam: scenario.security?.team,
    misclassification: misclassification(scenario),
    problems: problems(scenario),
    comms: comms(scenario),
    itil: usesItil(scenario),
    hours,
    oncall,
    channels: teams.some((t) => t.channels) || engineers.some((e) => e.channels),
    burnout: scenario.burnout,
    aging,
    staffingChanges: engineerConfigs.some((c) => c.from !== undefined || c.until !== undefined),
    backlog: backlogTickets(scenario, teamById, engineerById, classes, timezone),
    presence: buildPresence(scenario, engineers, engineerConfigs, horizon, oncall),
  };
}

/** The learning curve of an engineer who joins on `from`. */
function rampOf(ec: EngineerConfig & { groupPath: string }, scenario: Scenario, timezone: string, horizon: number): EngineerModel['ramp'] {
  const path = `${ec.groupPath}.ramp`;
  if (ec.from === undefined) throw new UserError(`${path}: a learning curve needs the engineer's start date; add from: YYYY-MM-DD beside it`);
  const from = new Clock(scenario.start).instant(ec.from, ec.timezone ?? timezone, `${ec.groupPath}.from`);
  const duration = parseDuration(ec.ramp!.duration, `${path}.duration`);
  if (!(duration > 0)) throw new UserError(`${path}.duration: ${JSON.stringify(ec.ramp!.duration)} is zero; expected how long the learning curve lasts, e.g. 4w`);
  void horizon;
  return { from, duration, factor: ec.ramp!.factor };
}

/**
 * The scenario's `backlog.tickets` as open tickets at minute 0: each opened before the start, in
 * a team of the scenario, with a priority of the matrix, an assignee of that team when given, and
 * the arrival class whose work content it gets (its own `class`, else the first class whose path
 * starts in its team with that priority, else the first whose path passes through the team).
 */
function backlogTickets(scenario: Scenario, teams: ReadonlyMap<string, TeamModel>, engineers: ReadonlyMap<string, EngineerModel>, classes: readonly ClassModel[], timezone: string): BacklogTicketModel[] {
  const list = scenario.backlog?.tickets ?? [];
  if (list.length === 0) return [];
  const priorities = new Set(Object.values(scenario.priorities.matrix).flatMap((row) => Object.values(row)));
  const ids = new Set<string>();
  return list.map((t, i) => {
    const path = `backlog.tickets[${i}]`;
    if (ids.has(t.id)) throw new UserError(`${path}.id: "${t.id}" is used twice`);
    ids.add(t.id);
    if (!teams.has(t.team)) throw new UserError(`${path}.team: unknown team "${t.team}"; expected one of ${[...teams.keys()].join(', ')}`);
    if (!priorities.has(t.priority)) throw new UserError(`${path}.priority: "${t.priority}" is not a priority of the matrix; expected one of ${[...priorities].sort().join(', ')}`);
    if (t.assignee !== undefined && engineers.get(t.assignee)?.team !== t.team) {
      throw new UserError(`${path}.assignee: "${t.assignee}" is not an engineer of team ${t.team}`);
    }
    const openedAt = instantToMinutes(t.openedAt, scenario.start, timezone, `${path}.openedAt`);
    if (openedAt > 0) throw new UserError(`${path}.openedAt: "${t.openedAt}" is after the scenario start (${scenario.start}); a backlog ticket is already open at the start`);
    const acknowledgedAt = t.acknowledgedAt !== undefined ? instantToMinutes(t.acknowledgedAt, scenario.start, timezone, `${path}.acknowledgedAt`) : undefined;
    if (acknowledgedAt !== undefined && (acknowledgedAt < openedAt || acknowledgedAt > 0)) {
      throw new UserError(`${path}.acknowledgedAt: "${t.acknowledgedAt}" is not between openedAt and the scenario start`);
    }
    let cls = t.class;
    if (cls !== undefined) {
      if (!classes.some((c) => c.name === cls)) throw new UserError(`${path}.class: unknown class "${cls}"; expected one of ${classes.map((c) => c.name).join(', ')}`);
    } else {
      const starts = classes.filter((c) => c.path[0].team === t.team);
      const found = starts.find((c) => c.fixedPriority === t.priority) ?? starts.find((c) => c.fixedPriority === undefined) ?? starts[0]
        ?? classes.find((c) => c.path.some((p) => p.team === t.team));
      if (!found) throw new UserError(`${path}.team: no arrival class works in team ${t.team}, so the ticket would get no work content; give it a class`);
      cls = found.name;
    }
    return { id: t.id, openedAt, priority: t.priority, team: t.team, assignee: t.assignee, class: cls, acknowledgedAt, pausedMinutes: t.pausedMinutes ?? 0 };
  });
}

/**
 * The gamma shape of the week-to-week factor: a weekly total of mean μ (all classes, the
 * horizon's average week) mixed by Gamma(k, 1/k) has variance μ + μ²/k, so the dispersion D
 * (variance ÷ mean) asks for k = μ ÷ (D − 1). Undefined without variation (D = 1 or no key).
 */
function weeklyShape(scenario: Scenario, classes: readonly ClassModel[], horizon: number): number | undefined {
  const d = scenario.weeklyVariation?.dispersion;
  if (d === undefined || d <= 1) return undefined;
  const perWeek = (classes.reduce((a, c) => a + c.arrivals.expected(0, horizon), 0) * 10_080) / horizon;
  return perWeek > 0 ? perWeek / (d - 1) : undefined;
}
