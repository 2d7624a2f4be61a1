/**
 * The roster shape `incisim staff` varies: per team, one unit per shift (and per kind of engineer
 * on it), each a number of engineers. A generated group (`{ count: N, shift: k }`) is a unit whose
 * count changes; a team that lists its engineers by name has one unit per shift, sized with copies
 * of a template engineer (`teams[i].staffing.template`, default the team's most common skills,
 * capacity, incident share and time zone) and shrunk by removing its least-needed members first.
 * A group without a `shift` in a team of several shifts works all of them; to size the shifts
 * apart it is split into one group per shift. A team with `staffing.groups: together` (its groups
 * are presence layers, as `incisim fit` writes them, not shifts one staffs) is one unit instead:
 * a headcount for the team, dealt to its groups in today's proportions (`dealGroups`).
 *
 * A roster becomes a scenario only through `--set` lines (`rosterOverrides`): what the search
 * simulates is exactly what the command prints, and `incisim run … --set …` reproduces it.
 */
import { stringify } from 'yaml';
import { UserError } from '../errors.js';
import { Clock, expandWeekly } from '../time/clock.js';
import { normalize } from '../time/intervals.js';
import { checkZone, parseHours, parseWeekdays } from '../time/parse.js';
import type { EngineerConfig, EngineerGroupConfig, Scenario, TeamConfig } from '../scenario/schema.js';

/** What a copy of the template engineer is. */
export interface TemplateEngineer {
  skills?: string[] | Record<string, number>;
  capacity: number;
  incidentShare: number;
  timezone?: string;
}

export interface StaffUnit {
  /** "store-support/day", "platform/platform-surge", "ops/office hours" */
  key: string;
  team: string;
  teamIndex: number;
  /** index (or indices) into the team's schedule.shifts; undefined: all the team's working hours */
  shift?: number | number[];
  /** the shift as people say it: "day · daily 06:00-14:00", "mon-fri 08:00-18:00", "24x7" */
  shiftLabel: string;
  /**
   * a generated group, named engineers with template copies, the on-call depth (engineers on call
   * at once), or every generated group of a team sized together (`staffing.groups: together`)
   */
  kind: 'group' | 'named' | 'oncall' | 'team';
  /** group units: index of the group in the team's engineers list (undefined: engineers is one group) */
  item?: number;
  /** group units split from a group without a shift */
  split?: boolean;
  /** group units: the prefix of its engineer ids */
  prefix?: string;
  /** engineers in this unit in today's roster */
  today: number;
  /** the fewest this unit may have (named engineers other parts of the scenario refer to, or 1 for a team's only unit) */
  min: number;
  /** named units: the members, most needed first (removals take the last) */
  members?: EngineerConfig[];
  template: TemplateEngineer;
  /** concurrent incidents per engineer of this unit */
  capacity: number;
  /** share of working time for incidents */
  incidentShare: number;
  /** scheduled hours per week of one engineer of this unit (0 when only on call) */
  hoursPerWeek: number;
  /** on-call units: hours per week the rotation covers, per engineer on call at once */
  onCallHoursPerWeek?: number;
  /** team units: the groups sized together, each with its count today and its scheduled hours per week per engineer */
  groups?: { item: number | undefined; prefix: string; shift?: number | number[]; today: number; hoursPerWeek: number }[];
}

/** Engineers per unit key. */
export type Roster = Record<string, number>;

const mode = <T>(xs: T[], key: (x: T) => string = (x) => JSON.stringify(x)): T | undefined => {
  const counts = new Map<string, { n: number; x: T }>();
  for (const x of xs) {
    const k = key(x);
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { n: 1, x });
  }
  let best: { n: number; x: T } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.x;
};

const itemsOf = (t: TeamConfig): (EngineerConfig | EngineerGroupConfig)[] => (Array.isArray(t.engineers) ? t.engineers : [t.engineers]);
const isNamed = (x: EngineerConfig | EngineerGroupConfig): x is EngineerConfig => typeof (x as EngineerConfig).id === 'string';

/** The team's template: `staffing.template` over the most common values among its engineers. */
export function teamTemplate(team: TeamConfig, path: string): TemplateEngineer {
  const people: { skills?: string[] | Record<string, number>; capacity?: number; incidentShare?: number; timezone?: string; weight: number }[] = [];
  for (const x of itemsOf(team)) {
    const n = isNamed(x) ? 1 : x.count;
    for (let k = 0; k < n; k++) people.push({ skills: x.skills, capacity: x.capacity, incidentShare: x.incidentShare, timezone: x.timezone, weight: 1 });
  }
  const t = team.staffing?.template ?? {};
  if (t.timezone !== undefined) checkZone(t.timezone, `${path}.staffing.template.timezone`);
  const normSkills = (s: string[] | Record<string, number> | undefined) => (Array.isArray(s) ? Object.fromEntries(s.map((k) => [k, 3])) : s ?? {});
  return {
    skills: t.skills ?? mode(people.map((p) => p.skills), (s) => JSON.stringify(Object.entries(normSkills(s)).sort())),
    capacity: t.capacity ?? mode(people.map((p) => p.capacity ?? 1)) ?? 1,
    incidentShare: t.incidentShare ?? mode(people.map((p) => p.incidentShare ?? 1)) ?? 1,
    timezone: t.timezone ?? (mode(people.map((p) => p.timezone ?? '')) || undefined),
  };
}

/** Hours per week of shift `k` of a team (all shifts when undefined); 168 without schedule or on-call, 0 with on-call only. */
function weeklyHours(team: TeamConfig, path: string, k: number | number[] | undefined): number {
  if (!team.schedule) return team.oncall ? 0 : 168;
  const shifts = k === undefined ? team.schedule.shifts.map((_, i) => i) : Array.isArray(k) ? k : [k];
  let minutes = 0;
  for (const i of shifts) {
    const s = team.schedule.shifts[i];
    const days = parseWeekdays(s.days, `${path}.schedule.shifts[${i}].days`).size;
    const perDay = parseHours(s.hours, `${path}.schedule.shifts[${i}].hours`).reduce((m, [a, b]) => m + (b - a), 0);
    minutes += days * perDay;
  }
  return minutes / 60;
}

function shiftLabel(team: TeamConfig, k: number | number[] | undefined): string {
  if (!team.schedule) return team.oncall ? 'on call only' : '24x7';
  if (k === undefined) return team.schedule.shifts.length === 1 ? `${team.schedule.shifts[0].days} ${team.schedule.shifts[0].hours}` : 'every shift';
  if (Array.isArray(k)) return k.map((i) => shiftLabel(team, i)).join(' + ');
  const s = team.schedule.shifts[k];
  return `${s.name ?? `shift ${k}`} · ${s.days} ${s.hours}`;
}

const shiftName = (team: TeamConfig, k: number | number[]): string => (Array.isArray(k) ? k.map((i) => shiftName(team, i)).join('+') : (team.schedule?.shifts[k].name ?? `shift${k}`));

/** Every "engineer:<id>" in the escalation options, and on-call override engineers: people a scenario names. */
function pinnedEngineers(scenario: Scenario): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = /^engineer:(.+)$/.exec(v);
      if (m) out.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(scenario.escalation?.options);
  for (const t of scenario.teams) for (const o of t.oncall?.overrides ?? []) out.add(o.engineer);
  return out;
}

/**
 * The units of `teams` (ids) in `scenario`. `need` ranks named engineers (higher: more needed,
 * e.g. incidents handled in today's roster); pinned engineers (named elsewhere in the scenario)
 * rank first and are never removed.
 */
export function staffUnits(scenario: Scenario, teams: readonly string[], need: ReadonlyMap<string, number> = new Map()): StaffUnit[] {
  const pinned = pinnedEngineers(scenario);
  const units: StaffUnit[] = [];
  for (const id of teams) {
    const ti = scenario.teams.findIndex((t) => t.id === id);
    const team = scenario.teams[ti];
    const path = `teams[${ti}]`;
    const template = teamTemplate(team, path);
    const shifts = team.schedule?.shifts.length ?? 0;
    const list = itemsOf(team);
    const mine: StaffUnit[] = [];
    const base = (shift: number | number[] | undefined) => ({
      team: id, teamIndex: ti, shift, shiftLabel: shiftLabel(team, shift), template, hoursPerWeek: weeklyHours(team, path, shift),
    });
    // Named engineers: one unit per shift they work.
    const named = new Map<string, EngineerConfig[]>();
    list.forEach((x) => {
      if (!isNamed(x)) return;
      const k = x.shift === undefined ? '' : String(x.shift);
      if (!named.has(k)) named.set(k, []);
      named.get(k)!.push(x);
    });
    const together = team.staffing?.groups === 'together';
    const groups: NonNullable<StaffUnit['groups']> = [];
    list.forEach((x, i) => {
      if (isNamed(x)) return;
      const item = Array.isArray(team.engineers) ? i : undefined;
      if (together) {
        groups.push({ item, prefix: x.prefix ?? id, ...(x.shift !== undefined ? { shift: x.shift } : {}), today: x.count, hoursPerWeek: weeklyHours(team, path, x.shift) });
        return;
      }
      const prefix = x.prefix ?? id;
      if (x.shift === undefined && shifts > 1) {
        for (let k = 0; k < shifts; k++) {
          mine.push({ ...base(k), key: `${id}/${prefix}-${shiftName(team, k)}`, kind: 'group', item, split: true, prefix: `${prefix}-${shiftName(team, k)}`, today: x.count, min: 0, capacity: x.capacity ?? 1, incidentShare: x.incidentShare ?? 1 });
        }
      } else {
        const label = x.shift !== undefined && team.schedule ? shiftName(team, x.shift) : undefined;
        const key = `${id}/${x.prefix ?? label ?? (shifts === 1 ? 'office hours' : team.schedule ? 'shifts' : team.oncall ? 'on call' : '24x7')}`;
        mine.push({ ...base(x.shift), key, kind: 'group', item, prefix, today: x.count, min: 0, capacity: x.capacity ?? 1, incidentShare: x.incidentShare ?? 1 });
      }
    });
    if (groups.length > 0) {
      const today = groups.reduce((n, g) => n + g.today, 0);
      const hours = groups.reduce((h, g) => h + g.today * g.hoursPerWeek, 0);
      mine.push({
        ...base(undefined), key: `${id}/${groups.length === 1 ? 'its group' : `its ${groups.length} groups`}`, shiftLabel: 'in today\'s proportions',
        hoursPerWeek: today > 0 ? hours / today : 0, kind: 'team', groups, today, min: 0, capacity: template.capacity, incidentShare: template.incidentShare,
      });
    }
    for (const [k, people] of named) {
      const shift = k === '' ? undefined : k.includes(',') ? k.split(',').map(Number) : Number(k);
      const order = people.map((p, i) => ({ p, i })).sort((a, b) =>
        Number(pinned.has(b.p.id)) - Number(pinned.has(a.p.id)) || (need.get(b.p.id) ?? 0) - (need.get(a.p.id) ?? 0) || a.i - b.i);
      const label = shift !== undefined && team.schedule ? shiftName(team, shift) : shifts === 1 ? 'office hours' : team.schedule ? 'shifts' : '24x7';
      mine.push({
        ...base(shift), key: `${id}/${label}`, kind: 'named', members: order.map((o) => o.p), today: people.length,
        min: people.filter((p) => pinned.has(p.id)).length, capacity: template.capacity, incidentShare: template.incidentShare,
      });
    }
    // A team keeps someone: its only unit never goes below 1.
    if (mine.length === 1) mine[0].min = Math.max(1, mine[0].min);
    // Paging teams with on-call: how many are on call at once outside shifts.
    if (team.oncall) {
      const l0 = team.oncall.layers[0];
      const restricted = l0.restrictions ? parseWeekdays(l0.restrictions.days ?? 'daily', `${path}.oncall.layers[0].restrictions.days`).size * parseHours(l0.restrictions.hours ?? '24h', `${path}.oncall.layers[0].restrictions.hours`).reduce((m, [a, b]) => m + b - a, 0) / 60 : 168;
      mine.push({
        team: id, teamIndex: ti, shift: undefined, shiftLabel: `${l0.rotation} rotation, outside shifts`, template, hoursPerWeek: 0,
        onCallHoursPerWeek: Math.max(0, restricted - (team.schedule ? weeklyHours(team, path, undefined) : 0)),
        key: `${id}/on call`, kind: 'oncall', today: Math.max(...team.oncall.layers.map((l) => l.depth ?? 1)), min: 1, capacity: template.capacity, incidentShare: template.incidentShare,
      });
    }
    // Keys are unique within the team (two groups on one shift without prefixes get their index).
    const seen = new Map<string, number>();
    for (const u of mine) {
      const n = (seen.get(u.key) ?? 0) + 1;
      seen.set(u.key, n);
      if (n > 1) u.key = `${u.key}#${n}`;
    }
    units.push(...mine);
  }
  return units;
}

/** Today's roster. */
export function todayRoster(units: readonly StaffUnit[]): Roster {
  return Object.fromEntries(units.map((u) => [u.key, u.today]));
}

/** Engineers of a team in a roster. */
export const teamTotal = (units: readonly StaffUnit[], roster: Roster, team?: string) => units.filter((u) => u.kind !== 'oncall' && (team === undefined || u.team === team)).reduce((s, u) => s + roster[u.key], 0);

/** Scheduled engineer-hours per week of a roster (on-call hours are not counted). */
export function engineerHours(units: readonly StaffUnit[], roster: Roster, team?: string): number {
  return units.filter((u) => team === undefined || u.team === team).reduce((s, u) => {
    if (u.kind !== 'team') return s + roster[u.key] * u.hoursPerWeek;
    const counts = dealGroups(u, roster[u.key]);
    return s + u.groups!.reduce((h, g, k) => h + counts[k] * g.hoursPerWeek, 0);
  }, 0);
}

/**
 * A team unit's headcount `n` dealt to its groups in today's proportions, one engineer at a time
 * to the group with the highest today ÷ (2 × given so far + 1) (Sainte-Laguë), ties to the group
 * listed first: today's headcount deals today's counts, and one more never takes anyone from a
 * group (so the search's headcount and capacity rise together). A team with nobody today deals evenly.
 */
export function dealGroups(u: StaffUnit, n: number): number[] {
  const gs = u.groups!;
  const weight = gs.some((g) => g.today > 0) ? gs.map((g) => g.today) : gs.map(() => 1);
  const counts = gs.map(() => 0);
  for (let k = 0; k < n; k++) {
    let best = 0;
    for (let i = 1; i < gs.length; i++) if (weight[i] / (2 * counts[i] + 1) > weight[best] / (2 * counts[best] + 1)) best = i;
    counts[best]++;
  }
  return counts;
}

const flow = (v: unknown) => stringify(v, { collectionStyle: 'flow', lineWidth: 0, aliasDuplicateObjects: false }).trim();

/**
 * The `--set` lines that turn `scenario` into `roster`. A team whose units are plain groups gets
 * one `…count=N` line per group; a team with named engineers or a split group gets its whole
 * engineers list (and its on-call participants, when listed) as one line each.
 */
export function rosterOverrides(scenario: Scenario, units: readonly StaffUnit[], roster: Roster): string[] {
  const out: string[] = [];
  const byTeam = new Map<number, StaffUnit[]>();
  for (const u of units) {
    if (!byTeam.has(u.teamIndex)) byTeam.set(u.teamIndex, []);
    byTeam.get(u.teamIndex)!.push(u);
  }
  for (const [ti, teamUnits] of byTeam) {
    let us = teamUnits;
    const team = scenario.teams[ti];
    const n = (u: StaffUnit) => {
      const v = roster[u.key];
      if (!Number.isInteger(v) || v < u.min) throw new Error(`roster: ${u.key} = ${v} is below its minimum ${u.min}`);
      return v;
    };
    for (const u of us.filter((v) => v.kind === 'oncall')) team.oncall!.layers.forEach((_, li) => out.push(`teams[${ti}].oncall.layers[${li}].depth=${n(u)}`));
    us = us.filter((v) => v.kind !== 'oncall');
    if (us.length === 0) continue;
    if (us.every((u) => (u.kind === 'group' && !u.split) || u.kind === 'team')) {
      for (const u of us) {
        if (u.kind === 'group') out.push(`teams[${ti}].engineers${u.item !== undefined ? `[${u.item}]` : ''}.count=${n(u)}`);
        else dealGroups(u, n(u)).forEach((c, k) => out.push(`teams[${ti}].engineers${u.groups![k].item !== undefined ? `[${u.groups![k].item}]` : ''}.count=${c}`));
      }
      continue;
    }
    const dealt = new Map<number | undefined, number>();
    for (const u of us.filter((v) => v.kind === 'team')) dealGroups(u, n(u)).forEach((c, k) => dealt.set(u.groups![k].item, c));
    const list: (EngineerConfig | EngineerGroupConfig)[] = [];
    const removed = new Set<string>();
    const added: string[] = [];
    const items = itemsOf(team);
    // generated ids are numbered across the team's groups in list order
    let serial = 0;
    const push = (x: EngineerConfig | EngineerGroupConfig) => {
      list.push(x);
      if (!isNamed(x)) {
        const ids = Array.from({ length: x.count }, (_, k) => `${x.prefix ?? team.id}-${String(serial + k + 1).padStart(2, '0')}`);
        serial += x.count;
        return ids;
      }
      return [x.id];
    };
    items.forEach((x, i) => {
      const item = Array.isArray(team.engineers) ? i : undefined;
      if (isNamed(x)) {
        const u = us.find((v) => v.kind === 'named' && v.members!.includes(x));
        if (u && u.members!.indexOf(x) >= n(u)) removed.add(x.id);
        else list.push(x);
        return;
      }
      const mine = us.filter((v) => v.kind === 'group' && v.item === item);
      if (dealt.has(item)) push({ ...x, count: dealt.get(item)! });
      else if (mine.length === 0) push(x);
      else if (!mine[0].split) push({ ...x, count: n(mine[0]) });
      else for (const u of mine) push({ ...x, prefix: u.prefix, shift: u.shift, count: n(u) });
    });
    for (const u of us.filter((v) => v.kind === 'named')) {
      const extra = n(u) - u.members!.length;
      if (extra <= 0) continue;
      const t = u.template;
      const group: EngineerGroupConfig = {
        prefix: `${team.id}-extra${u.shift !== undefined && team.schedule ? `-${shiftName(team, u.shift)}` : ''}`,
        count: extra,
        ...(t.skills !== undefined ? { skills: t.skills } : {}),
        capacity: t.capacity,
        incidentShare: t.incidentShare,
        ...(t.timezone ? { timezone: t.timezone } : {}),
        ...(u.shift !== undefined ? { shift: u.shift } : {}),
      };
      added.push(...push(group));
    }
    if (list.length === 0) throw new UserError(`teams[${ti}]: a roster with nobody in team "${team.id}"`);
    out.push(`teams[${ti}].engineers=${flow(list)}`);
    team.oncall?.layers.forEach((l, li) => {
      if (!l.participants) return;
      if (removed.size === 0 && added.length === 0) return;
      out.push(`teams[${ti}].oncall.layers[${li}].participants=${flow([...l.participants.filter((p) => !removed.has(p)), ...added])}`);
    });
  }
  return out;
}

/**
 * The spans [from, to) of minutes (within [from, to)) when unit `u` is scheduled; undefined: always.
 * A team unit's are its groups' hours merged: when any of them is on.
 */
export function unitSpans(scenario: Scenario, u: StaffUnit, from: number, to: number): [number, number][] | undefined {
  const team = scenario.teams[u.teamIndex];
  if (u.kind === 'oncall') return [];
  if (!team.schedule) return team.oncall ? [] : undefined;
  if (u.kind === 'team') return normalize(u.groups!.flatMap((g) => unitSpans(scenario, { ...u, kind: 'group', shift: g.shift }, from, to) ?? [[from, to]])).map(([a, b]) => [a, b]);
  const clock = new Clock(scenario.start);
  const zone = u.template.timezone || team.timezone || scenario.timezone || 'UTC';
  const ks = u.shift === undefined ? team.schedule.shifts.map((_, i) => i) : Array.isArray(u.shift) ? u.shift : [u.shift];
  const path = `teams[${u.teamIndex}].schedule.shifts`;
  return expandWeekly(
    ks.map((k) => ({ days: parseWeekdays(team.schedule!.shifts[k].days, `${path}[${k}].days`), ranges: parseHours(team.schedule!.shifts[k].hours, `${path}[${k}].hours`) })),
    team.schedule.shifts[ks[0]].timezone ?? zone, clock, from, to,
  ).map((o) => [o.span[0], o.span[1]]);
}

/**
 * The share of a team unit's headcount on shift, on average over its hours within [from, to):
 * Σ today × minutes on of each group ÷ (the team's today × the minutes any group is on). 1 for
 * any other unit (its engineers are all on in its hours). A team with nobody today weighs its groups evenly.
 */
export function presentShare(scenario: Scenario, u: StaffUnit, from: number, to: number): number {
  if (u.kind !== 'team') return 1;
  const minutes = (spans: readonly (readonly [number, number])[] | undefined) => (spans ?? [[from, to]]).reduce((m, [a, b]) => m + (b - a), 0);
  const all = minutes(unitSpans(scenario, u, from, to));
  if (all <= 0) return 1;
  const total = u.groups!.reduce((n, g) => n + g.today, 0);
  const on = u.groups!.reduce((m, g) => m + (total > 0 ? g.today : 1) * minutes(unitSpans(scenario, { ...u, kind: 'group', shift: g.shift }, from, to)), 0);
  return on / ((total > 0 ? total : u.groups!.length) * all);
}
