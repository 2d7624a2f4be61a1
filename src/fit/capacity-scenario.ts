/**
 * The fitted capacity model (src/fit/capacity.ts) as a scenario file: YAML text, valid against
 * the scenario schema, every figure explained in a comment. No YAML anchors or aliases (a fit with
 * a hundred classes would exceed a loader's alias budget): each class states its own profile.
 */
import { DateTime } from 'luxon';
import { LAYERS, type CapacityFit } from './capacity.js';
import type { ItilFit } from './itil.js';
import { LEVELS } from '../scenario/levels.js';

export interface CapacityScenarioOptions {
  name: string;
  /** what was fitted, for the header comment (file name, profile) */
  source: string;
  replications?: number;
  seed?: number;
  /** engineers per team instead of the fitted median headcount (the backtest states the test weeks') */
  engineers?: Record<string, number>;
  /** the log's ITIL figures (`incisim fit --itil`): written as known errors, closure codes and reopens per class */
  itil?: ItilFit;
  /** what the log holds for the ITIL figures when they are not fitted (the header says so) */
  itilColumns?: ItilFit['columns'];
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The scenario YAML of a capacity fit. */
export function capacityScenarioYaml(fit: CapacityFit, options: CapacityScenarioOptions): string {
  const w = fit.window;
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const o = fit.observed;
  line(`# Fitted by \`incisim fit\` (capacity model) from ${options.source}.`);
  line(`# ${n(fit.incidents)} incidents with events; fitted on the ${n(w.incidents)} opened in ISO weeks ${w.from}..${w.to}`);
  line(w.auto ? `# (${w.weeks} weeks: the longest run of weeks each with at least ${Math.round(w.minWeekShare * 100)}% of the busiest week's arrivals).` : `# (${w.weeks} weeks, as asked).`);
  line(`# Dates read in ${fit.zone}. Durations in minutes unless a unit is given.`);
  line('#');
  line(`# What the timelines show (medians over the window's ${n(o.resolved)} resolved incidents): ${fmt(o.medianQueuedBeforeWork)} queued before`);
  line(`# anybody held them, ${fmt(o.medianHeld)} held by an assignee, ${fmt(o.medianPending)} pending; opened → resolved ${fmt(o.medianResolve)}; ${n(o.reopened)} reopened.`);
  line('#');
  line('# The method: an incident is HELD while an assignee has it (active, or assigned and not yet started);');
  line('# pending stretches (awaiting user, vendor, …) use nobody. Teams serve with `service: shared` (an engineer\'s');
  line('# attention split among the incidents they hold, kept over nights), so that fewer engineers or more incidents');
  line('# stretch every incident\'s time: staffing binds. Headcount = distinct assignees holding the team\'s incidents');
  line('# per ISO week (median).');
  if (fit.presence.method === 'rotas') {
    line(`# Presence: ROTAS (${(fit.presence.balanced * 100).toFixed(0)}% of the log's assignments went to a least-loaded engineer, so the`);
    line('# simulation\'s routing reproduces who holds what). Each engineer\'s sessions (events less than 4 hours apart)');
    line('# give their usual week: the weekdays they work in at least half their weeks, from the 10th percentile of');
    line('# the first events to the 90th of the last, to the hour; engineers with alike weeks form one group. WORK');
    line('# CONTENT per engineer: over a stretch in which an engineer holds k incidents and is present (their rota, or');
    line('# a session), each gets 1 ÷ k of them; the sum over the stretches its group held it.');
  } else {
    line(`# Presence: ACTIVITY (only ${(fit.presence.balanced * 100).toFixed(0)}% of the log's assignments went to a least-loaded engineer: people`);
    line('# collect tickets unevenly, so holdings are taken as balanced, as the simulation makes them). Per hour of the');
    line('# week, the team\'s events naming an engineer ÷ at its busiest hour, that share of the engineers present (in');
    line('# 10 layers, see each team). WORK CONTENT: over a stretch in which a team holds K incidents and c of its');
    line('# engineers are present (of that week\'s headcount), each held incident receives min(1, c ÷ K) of a person;');
    line('# the sum over the stretches its group held it.');
  }
  line('# Capacity = the 95th percentile of incidents one engineer held at once. Paths follow the observed group');
  if (fit.presence.method === 'rotas') {
    line('# sequences: each class is a first team × priority, and × next team where that next team takes at least 5%');
    line('# (and 20) of the cell\'s incidents; the rest resolve at the first team with the observed share, else move to');
    line('# their most common next team, with the work done after the first team.');
  } else {
    line('# sequences: each class (first team × priority) resolves at its first team with the observed share, else');
    line('# moves to its most common next team with the work done after the first team.');
  }
  line('# Pickup = the wait before anybody held it (present time; stretches in which the team was saturated left');
  line('# out: that is queueing, which the simulation makes itself). Pending totals and their share per class are');
  line('# drawn as observed. Samples weigh 2^(−age ÷ half-life), age counted back from the end of the window.');
  const hl = fit.halfLife;
  line(`# Recency half-life: ${Number.isFinite(hl.weeks) ? `${hl.weeks} weeks` : 'none (all weeks alike)'}${hl.auto ? (hl.validation ? ` (auto: the one whose weighted sample of weeks before the last ${hl.validation.weeks} best matched them, W1 of log10 hours)` : ' (auto: too few weeks to validate)') : ''}.`);
  line(`# Arrivals: ${fit.perWeek.toFixed(1)} a week; weekly counts have variance ÷ mean ${fit.dispersion.toFixed(1)} (1 = Poisson) and a trend of`);
  line(`# ${(fit.trendPerWeek * 100).toFixed(2)}% a week (not applied: \`incisim backtest\` can forecast with it); around the trend, variance ÷ mean`);
  line(`# ${fit.residualDispersion.toFixed(1)}: the week-to-week variation the scenario simulates (weeklyVariation).`);
  itilHeader(line, fit, options);
  line(`name: ${options.name}`);
  line(`description: ${JSON.stringify(`Capacity model fitted from ${options.source}, ISO weeks ${w.from}..${w.to}`)}`);
  line(`start: ${JSON.stringify(DateTime.fromMillis(w.start, { zone: fit.zone }).toISO({ suppressMilliseconds: true }))}   # Monday 00:00 of ${w.from}`);
  line(`timezone: ${fit.zone}`);
  line(`horizon: ${w.weeks * 7}d   # ${w.weeks} weeks`);
  line(`replications: ${options.replications ?? 10}`);
  line(`seed: ${options.seed ?? 1}`);
  if (fit.residualDispersion > 1) line(`weeklyVariation: { dispersion: ${round(fit.residualDispersion, 2)} }`);
  line('priorities:');
  line(fit.defaultPriority !== undefined || Object.keys(fit.matrix).length === 1 && fit.matrix.medium !== undefined && Object.keys(fit.matrix.medium).length === 1
    ? `  # the log's priorities (incidents without one: ${fit.defaultPriority ?? 'none'}); classes state theirs, the matrix is a formality`
    : '  # impact → urgency → the most frequent priority of incidents with that impact and urgency');
  const { matrix, added } = matrixWith(fit.matrix, [...new Set(fit.classes.map((c) => c.priority))]);
  if (added.length > 0) line(`  # ${added.join(', ')} never the most frequent of an impact × urgency pair: placed in free cells so that every class's priority is one of the matrix`);
  line('  matrix:');
  for (const [im, row] of Object.entries(matrix)) line(`    ${im}: { ${Object.entries(row).map(([u, p]) => `${u}: ${p}`).join(', ')} }`);
  line('teams:');
  for (const t of fit.teams) {
    const count = options.engineers?.[t.id] ?? t.engineers;
    const groups = t.groups.length <= 4 ? t.groups.join(', ') : `${t.groups.slice(0, 4).join(', ')} and ${t.groups.length - 4} more groups`;
    const hc = t.headcount.map((h) => h.engineers);
    line(`  # ${groups}: ${n(t.incidents)} incidents first held here in the window; headcount per week ${Math.min(...hc)}..${Math.max(...hc)}`);
    line(`  # (median ${t.engineers}${count !== t.engineers ? `; stated: ${count}` : ''}); an engineer held ${t.concurrency.mean.toFixed(1)} at once on average (${t.concurrency.cap} at the 95th percentile);`);
    line(`  # work content ${n(t.effortMinutes / 60)} h in the window = ${(t.utilisation * 100).toFixed(0)}% of the engineers' present time; ${t.meanHeld.toFixed(1)} incidents held at once on average while present.`);
    line(fit.presence.method === 'rotas'
      ? `  # Presence: ${t.rota.length} rota group${t.rota.length === 1 ? '' : 's'} (engineers with alike usual weeks), the headcount dealt to them in proportion.`
      : `  # Presence: engineers in ${LAYERS} layers, layer l on in the hours of the week with at least (l + 0.5) × 10% of the busiest hour's events.`);
    line(`  - id: ${t.id}`);
    line(`    name: ${JSON.stringify(t.groups.length === 1 ? t.groups[0] : 'other groups')}`);
    if (t.service === 'slots') line(`    # service: slots — its work content does not grow with the engineer's load (|ρ| ${t.serviceEvidence.slots.toFixed(2)} against ${t.serviceEvidence.shared.toFixed(2)} for shared)`);
    line(`    service: ${t.service}`);
    if (fit.presence.method !== 'rotas') {
      line('    # layers are one headcount whose share on shift follows the hour: `incisim staff` sizes them together');
      line('    staffing: { groups: together }');
    }
    const { shifts, masks } = maskShifts(t.rota.map((g) => g.week));
    line('    engineers:');
    const dealt = dealRota(t.rota.map((g) => g.engineers), count);
    for (const [g, idx] of masks.entries()) {
      const k = dealt.filter((x) => x === g).length;
      if (k === 0) continue;
      line(`      - { count: ${k}, capacity: ${t.concurrency.cap}, prefix: ${t.id}-${fit.presence.method === 'rotas' ? 'r' : 'l'}${g}${idx === undefined ? '' : `, shift: [${idx.join(', ')}]`} }`);
    }
    if (shifts.length > 0) {
      line('    schedule:');
      line('      shifts:');
      for (const x of shifts) line(`        - { days: "${x.days}", hours: "${x.hours}" }`);
    }
  }
  line('arrivals:');
  const profile = fit.hourOfWeek.map((v) => round(v, 2));
  for (const c of fit.classes) {
    line(`  # ${c.team}, ${c.priority}: ${n(c.count)} incidents in ${w.weeks} weeks; ${c.reassignments.toFixed(2)} reassignments per incident in the log`);
    line(`  - class: ${c.name}`);
    line(`    priority: ${c.priority}`);
    line(`    rate: { perWeek: ${round(c.perWeek, 3)} }`);
    line('    # arrivals (all classes) in each hour of the week per week, Monday 00:00 first');
    line(`    profile: [${profile.join(', ')}]`);
    const pickupMedian = c.pickup[Math.floor(c.pickup.length / 2)];
    line(`    # waited a median ${fmt(pickupMedian)} of the team's present time before anybody held it (dispatch); queueing comes on top`);
    line(`    pickup: "${empirical(c.pickup)}"`);
    const seen = options.itil?.classes[c.name]?.knownError;
    // a known error is a shortcut: written only where incidents with an article took less time
    const ke = seen && seen.workFactor < 1 ? seen : undefined;
    // With known errors the path carries the work of incidents without an article: the observed
    // mix ÷ (1 − share + share × workFactor), so that the class's mean work stays as observed.
    const scale = ke ? 1 / (1 - ke.share + ke.share * ke.workFactor) : 1;
    line('    path:');
    for (const [k, s] of c.path.entries()) {
      const med = s.work[Math.floor(s.work.length / 2)];
      line(`      # work content at ${s.team}${k > 0 ? ' and any team after it' : ''}: median ${fmt(med)}, mean ${fmt(s.mean)} over ${n(s.n)} incidents${k === 0 && c.path.length > 1 ? `; ${(s.resolves * 100).toFixed(0)}% resolved here` : ''}${ke ? `; × ${scale.toFixed(3)} without an article` : ''}`);
      line(`      - team: ${s.team}`);
      line(`        work: ${empirical(ke ? s.work.map((w) => w * scale) : s.work)}`);
      if (k < c.path.length - 1) line(`        resolves: ${round(s.resolves, 4)}`);
    }
    if (c.pending) {
      const med = c.pending.minutes[Math.floor(c.pending.minutes.length / 2)];
      line(`    # ${(c.pending.probability * 100).toFixed(1)}% were pending (awaiting user, vendor, …) for a median ${fmt(med)} in all`);
      line(`    pending: { probability: ${round(c.pending.probability, 4)}, duration: "${empirical(c.pending.minutes)}" }`);
    }
    const x = options.itil?.classes[c.name];
    if (seen) {
      line(`    # ${(seen.share * 100).toFixed(1)}% were resolved with a knowledge article (the log's knowledge column), held ${seen.workFactor.toFixed(2)} × as long as the others on average${seen.pooled ? ' (the whole window\'s ratio: too few here)' : ''}`);
      if (ke) line(`    knownError: { share: ${round(ke.share, 4)}, workFactor: ${round(Math.max(0.01, ke.workFactor), 3)} }`);
      else line('    # (no knownError: here the article marks harder incidents, not a workaround that shortens them)');
    }
    if (x?.closureCodes) {
      line('    # closure codes of its resolved incidents (closed_code), as counts');
      line(`    closureCodes: { ${Object.entries(x.closureCodes).map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')} }`);
    }
    if (x?.reopen) {
      const med = x.reopen.after[50];
      line(`    # ${(x.reopen.probability * 100).toFixed(2)}% of resolved incidents were reopened, a median ${fmt(med)} after the resolution${x.reopen.pooled ? ' (the delays of the whole window: too few here)' : ''}; the reopen's work is the last step's`);
      line(`    # (its held time is also in the work content above, so reopened incidents count a little of it twice)`);
      line(`    reopen: { probability: ${round(x.reopen.probability, 4)}, after: "${empirical(x.reopen.after)}" }`);
    }
  }
  return out.join('\n') + '\n';
}

/** The header lines on the log's ITIL columns: what --itil fitted, or what it would and why problems are not. */
function itilHeader(line: (s?: string) => void, fit: CapacityFit, options: CapacityScenarioOptions): void {
  const cols = options.itil?.columns ?? options.itilColumns;
  if (!cols || (cols.knowledge === 0 && cols.closedCode === 0 && cols.problemId === 0)) return;
  line('#');
  if (options.itil) {
    const p = options.itil.problems;
    const f = options.itil.pooledWorkFactor;
    line('# ITIL figures (--itil): per class, knownError from the knowledge column (share resolved with an article, and');
    line('# their mean held time against the others\'; written only where that is shorter), closureCodes from closed_code,');
    line('# reopen from the timelines (reopen_count).');
    if (f !== undefined) line(`# Over the window, incidents resolved with an article were held ${f.toFixed(2)} × as long as the others${f >= 1 ? ': in this log an article mostly marks the harder incidents' : ''}.`);
    line(`# problems: not fitted: problem_id links ${p.linked} of the window's ${fit.window.incidents} incidents to ${p.records} problem records (at most ${p.largest} on one),`);
    line('# and the log records neither when a problem was solved nor what it removed: thresholds and reductions are yours to set.');
  } else {
    line(`# This log also has knowledge (${cols.knowledge} incidents), closed_code (${cols.closedCode}), reopen_count and problem_id (${cols.problemId}) columns:`);
    line('# `incisim fit --itil` writes known errors, closure codes and reopens per class from them (problems are not fitted:');
    line('# the log does not say when a problem was solved or what it removed).');
  }
}

/**
 * Hour-of-week masks (168 flags, Monday 00:00 first) as shifts: each mask's week is cut into
 * per-weekday runs of hours, weekdays with the same runs sharing one shift entry. Returns the
 * deduplicated shift list and, per mask, its shift indices (undefined: on 24x7, when the list
 * has no shifts at all; an all-day shift otherwise; an empty list: never on).
 */
export function maskShifts(masks: readonly (readonly boolean[])[]): { shifts: { days: string; hours: string }[]; masks: (number[] | undefined)[] } {
  const shifts: { days: string; hours: string }[] = [];
  const index = new Map<string, number>();
  const out: (number[] | undefined)[] = [];
  for (const on of masks) {
    if (on.every(Boolean)) {
      out.push(undefined);
      continue;
    }
    const byHours = new Map<string, string[]>();
    for (let d = 0; d < 7; d++) {
      const runs: string[] = [];
      let h = 0;
      while (h < 24) {
        if (!on[d * 24 + h]) {
          h++;
          continue;
        }
        const a = h;
        while (h < 24 && on[d * 24 + h]) h++;
        runs.push(`${pad(a)}:00-${pad(h)}:00`);
      }
      if (runs.length > 0) byHours.set(runs.join(', '), [...(byHours.get(runs.join(', ')) ?? []), DAYS[d]]);
    }
    const idx: number[] = [];
    for (const [hours, days] of byHours) {
      const key = `${days.join(',')}|${hours}`;
      if (!index.has(key)) {
        index.set(key, shifts.length);
        shifts.push({ days: days.join(','), hours });
      }
      idx.push(index.get(key)!);
    }
    out.push(idx);
  }
  if (out.every((x) => x === undefined)) return { shifts: [], masks: out };
  // A 24x7 mask among shifted ones: give it a daily 24h shift.
  return {
    shifts: out.some((x) => x === undefined) ? [...shifts, { days: 'daily', hours: '00:00-24:00' }] : shifts,
    masks: out.map((x) => x ?? [shifts.length]),
  };
}

/**
 * `n` engineers dealt to rota groups in proportion to their shares (largest remainder), in an
 * order that keeps every prefix proportional: the j-th engineer's group is element j. So the
 * first k of them are a roster of k in the same proportions (the backtest's weekly headcount).
 */
export function dealRota(shares: readonly number[], n: number): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const got = shares.map(() => 0);
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    let best = 0;
    let bestDeficit = -Infinity;
    for (let g = 0; g < shares.length; g++) {
      const deficit = (shares[g] / total) * (j + 1) - got[g];
      if (deficit > bestDeficit + 1e-12) {
        best = g;
        bestDeficit = deficit;
      }
    }
    got[best]++;
    out.push(best);
  }
  return out;
}

/** Percentiles as an interpolated empirical distribution (all equal: that value). */
export function empirical(percentiles: readonly number[]): string {
  if (percentiles.length === 0) return '0m';
  const qs = percentiles.map((q) => Number(q.toPrecision(4)));
  if (qs.every((q) => q === qs[0])) return `${qs[0]}m`;
  return `empirical([${qs.join(', ')}], interpolate=true)`;
}

function pad(h: number): string {
  return String(h).padStart(2, '0');
}

function fmt(minutes: number): string {
  return minutes < 120 ? `${minutes.toFixed(1)} min` : minutes < 2880 ? `${(minutes / 60).toFixed(1)} h` : `${(minutes / 1440).toFixed(1)} d`;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * The matrix with every one of `priorities` among its values: a missing one goes into a free
 * impact × urgency cell (lowest impact and urgency first), or, when none is free, replaces the
 * value of the cell whose value appears most often.
 */
export function matrixWith(matrix: Record<string, Record<string, string>>, priorities: string[]): { matrix: Record<string, Record<string, string>>; added: string[] } {
  const out: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(matrix).map(([k, v]) => [k, { ...v }]));
  const added: string[] = [];
  for (const p of priorities.sort()) {
    const values = Object.values(out).flatMap((r) => Object.values(r));
    if (values.includes(p)) continue;
    added.push(p);
    let placed = false;
    for (const im of [...LEVELS].reverse()) {
      for (const ur of [...LEVELS].reverse()) {
        if (!placed && out[im]?.[ur] === undefined) {
          (out[im] ??= {})[ur] = p;
          placed = true;
        }
      }
    }
    if (!placed) {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      const cell = Object.entries(out).flatMap(([im, r]) => Object.entries(r).map(([ur, v]) => [im, ur, v] as const)).sort((a, b) => counts.get(b[2])! - counts.get(a[2])!)[0];
      out[cell[0]][cell[1]] = p;
    }
  }
  return { matrix: out, added };
}
