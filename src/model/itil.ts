/**
 * The ITIL-depth parts of the model (issue #19): ticket types and their SLAs, known errors,
 * closure codes, reopens, misclassification at triage, problem management and communication
 * load. Built from a validated scenario; every error is a UserError naming the field path.
 */
import { parseDistribution } from '../kernel/distributions/index.js';
import { parseDuration } from '../kernel/duration.js';
import { UserError } from '../errors.js';
import type { ArrivalClassConfig, Scenario } from '../scenario/schema.js';
import type { ClassModel, CommsModel, MisclassificationModel, ProblemsModel, SlaModel, TicketType } from './types.js';

/** The fields of ClassModel that #19 adds, for arrivals[ai]. */
export function classItil(a: ArrivalClassConfig, ai: number, scenario: Scenario): Pick<ClassModel, 'type' | 'knownError' | 'closureCodes' | 'reopen' | 'causes' | 'drawsKnownError'> {
  const path = `arrivals[${ai}]`;
  let closureCodes: ClassModel['closureCodes'];
  if (a.closureCodes) {
    const codes = Object.keys(a.closureCodes);
    let total = 0;
    const cum = codes.map((c) => (total += a.closureCodes![c]));
    if (!(total > 0)) throw new UserError(`${path}.closureCodes: the weights sum to ${total}; expected at least one positive weight`);
    closureCodes = { codes, cum };
  }
  let reopen: ClassModel['reopen'];
  if (a.reopen) {
    reopen = {
      probability: a.reopen.probability,
      after: parseDistribution(a.reopen.after, `${path}.reopen.after`),
      work: a.reopen.work !== undefined
        ? parseDistribution(a.reopen.work, `${path}.reopen.work`)
        : parseDistribution(a.path[a.path.length - 1].work, `${path}.path[${a.path.length - 1}].work`),
    };
  }
  let causes: ClassModel['causes'];
  let sum = 0;
  scenario.problems?.causes.forEach((c, ci) => {
    if (!c.classes.includes(a.class)) return;
    const share = typeof c.share === 'number' ? c.share : c.share[a.class];
    if (share === undefined) throw new UserError(`problems.causes[${ci}].share: no share for class "${a.class}", which is in its classes (expected problems.causes[${ci}].share.${a.class}, or one share for all)`);
    sum += share;
    (causes ??= []).push({ index: ci, cum: sum });
  });
  if (sum > 1 + 1e-9) {
    throw new UserError(`problems.causes: the shares of the causes of class "${a.class}" sum to ${+sum.toFixed(6)}; expected at most 1 (each is a share of the class's arrivals)`);
  }
  return {
    type: a.type ?? 'incident',
    knownError: a.knownError ? { share: a.knownError.share, workFactor: a.knownError.workFactor } : undefined,
    closureCodes,
    reopen,
    causes,
    drawsKnownError: a.knownError !== undefined || causes !== undefined,
  };
}

/** SLA per priority for service requests: `priorities.slaByType.request`, falling back to the incident SLA per priority. */
export function requestSla(scenario: Scenario, incidentSla: Map<string, SlaModel>, build: (p: string, s: NonNullable<Scenario['priorities']['sla']>[string], path: string) => SlaModel): Map<string, SlaModel> {
  const own = scenario.priorities.slaByType?.request;
  if (!own) return incidentSla;
  const out = new Map(incidentSla);
  for (const [p, s] of Object.entries(own)) out.set(p, build(p, s, `priorities.slaByType.request.${p}`));
  return out;
}

/** Misclassification at triage, with its wrong team per logged type resolved. */
export function misclassification(scenario: Scenario): MisclassificationModel | undefined {
  const m = scenario.triage?.misclassification;
  if (!m) return undefined;
  const firstTeamOf = (type: TicketType) => scenario.arrivals.find((a) => (a.type ?? 'incident') === type)?.path[0].team;
  const to: Record<TicketType, string | undefined> = {
    incident: m.to?.incident ?? firstTeamOf('incident'),
    request: m.to?.request ?? firstTeamOf('request'),
  };
  for (const [logged, actual] of [['request', 'incident'], ['incident', 'request']] as const) {
    const hasActual = scenario.arrivals.some((a) => (a.type ?? 'incident') === actual);
    if (hasActual && to[logged] === undefined) {
      throw new UserError(`triage.misclassification: ${actual === 'incident' ? 'an' : 'a'} ${actual} logged as ${logged === 'incident' ? 'an' : 'a'} ${logged} needs a team for ${logged}s; no class has type ${logged} (expected triage.misclassification.to.${logged}, or a class with type: ${logged})`);
    }
  }
  return { share: m.share, detect: parseDistribution(m.detectAfter, 'triage.misclassification.detectAfter'), to };
}

/** The lowest priority of the matrix (the last in sort order: P1 sorts first). */
export function lowestPriority(scenario: Scenario): string {
  const all = [...new Set(Object.values(scenario.priorities.matrix).flatMap((row) => Object.values(row)))].sort();
  return all[all.length - 1];
}

/** Problem management: causes with their windows, work and known errors. */
export function problems(scenario: Scenario): ProblemsModel | undefined {
  const p = scenario.problems;
  if (!p) return undefined;
  const lowest = lowestPriority(scenario);
  return {
    team: p.team,
    enabled: p.enabled ?? true,
    causes: p.causes.map((c, ci) => {
      const path = `problems.causes[${ci}]`;
      const ke = scenario.arrivals.find((a) => c.classes.includes(a.class) && a.knownError)?.knownError;
      return {
        id: c.id,
        index: ci,
        threshold: c.threshold,
        window: parseDuration(c.window, `${path}.window`),
        work: parseDistribution(c.work, `${path}.work`),
        reduction: c.reduction,
        workFactor: c.workFactor ?? ke?.workFactor ?? 0.5,
        team: c.team ?? p.team,
        priority: c.priority ?? lowest,
      };
    }),
  };
}

/** Status-update cadence and cost per priority. */
export function comms(scenario: Scenario): CommsModel | undefined {
  const c = scenario.comms;
  if (!c) return undefined;
  const cadence = new Map<string, number>();
  for (const [p, d] of Object.entries(c.cadence)) {
    const v = parseDuration(d, `comms.cadence.${p}`);
    if (!(v > 0)) throw new UserError(`comms.cadence.${p}: ${JSON.stringify(d)} is not a positive duration (expected e.g. "30m")`);
    cadence.set(p, v);
  }
  const duration = new Map<string, number>();
  if (typeof c.duration === 'object') {
    for (const [p, d] of Object.entries(c.duration)) duration.set(p, parseDuration(d, `comms.duration.${p}`));
    for (const p of cadence.keys()) {
      if (!duration.has(p)) throw new UserError(`comms.duration: no duration for ${p}, which has a cadence (expected comms.duration.${p}, or one duration for all)`);
    }
  } else {
    const v = parseDuration(c.duration, 'comms.duration');
    for (const p of cadence.keys()) duration.set(p, v);
  }
  return { cadence, duration, types: new Set(c.byType ?? ['incident']) };
}

/** Whether a scenario uses any ITIL-depth feature (then its per-type and ITIL figures are reported). */
export function usesItil(s: Scenario): boolean {
  return (
    s.problems !== undefined ||
    s.comms !== undefined ||
    s.triage?.misclassification !== undefined ||
    s.priorities.slaByType !== undefined ||
    s.arrivals.some((a) => a.type !== undefined || a.knownError !== undefined || a.closureCodes !== undefined || a.reopen !== undefined)
  );
}
