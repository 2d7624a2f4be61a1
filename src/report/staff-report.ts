/**
 * The report of `incisim staff`: the answer as a shift table per team (today, the Erlang C start,
 * the answer, engineer-hours), the targets in the window (today, the answer, the best headcount
 * reaches, the team that binds), attainment per week of the window, the minimality table
 * (removing one engineer from each shift), what headcount cannot meet and why, every roster
 * simulated with the staffing curve, and the `--set` lines that reproduce the answer.
 */
import type { StaffResult } from '../decide/staff.js';
import type { Estimate } from '../metrics/types.js';
import { staffingCurveChart, type StaffingPoint } from './charts/staffing-curve.js';
import { weeklyAttainmentChart, type WeeklyAttainmentPoint } from './charts/weekly-attainment.js';
import type { Report, Section } from './types.js';
import { VERSION } from '../version.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const est = (e: Estimate | undefined) => (e ? `${pct(e.mean)} [${pct(e.ci95[0])}, ${pct(e.ci95[1])}]` : 'no incidents');

export function buildStaffingReport(r: StaffResult, meta: { runDate?: string } = {}): Report {
  const oncall = new Set(r.units.filter((u) => u.kind === 'oncall').map((u) => u.key));
  /** engineers on the searched teams (on-call depth is the same people, not counted) */
  const total = (roster: Record<string, number>) => Object.entries(roster).reduce((s, [k, n]) => s + (oncall.has(k) ? 0 : n), 0);
  const sections: Section[] = [];
  const impossible = r.targets.filter((t) => !t.feasible);
  const unitLabel = (u: StaffResult['units'][number]) => u.key.slice(u.team.length + 1);

  sections.push({
    heading: 'Answer',
    text: [
      r.met
        ? `The smallest roster meeting every target${impossible.length ? ' headcount can meet' : ''} on the incidents opened ${r.window.fromDate} – ${r.window.toDate} (${r.window.source}): ${r.teams.map((t) => `${t.team} ${t.answer}`).join(', ')} (${total(r.answer)} engineers; today ${total(r.today)}).`
        : `No roster found that meets every target: ${r.note}.`,
      `Load: ${r.load.text}. ${r.replications} replications per roster, the same for every roster (common random numbers); a target holds when ${r.confidence === 'interval' ? 'the lower end of its 95% interval' : 'its mean'} reaches the share.`,
      `Engineer-hours per week on scheduled shifts (on-call not counted): today ${r.engineerHoursPerWeek.today.toFixed(0)}, the answer ${r.engineerHoursPerWeek.answer.toFixed(0)} (${r.engineerHoursPerWeek.change >= 0 ? '+' : ''}${r.engineerHoursPerWeek.change.toFixed(0)}).`,
      'Erlang C: the load reaching the team in that shift\'s hours in the window (work stretched by 1 ÷ incident share, capacity servers per engineer), solved for the tightest respond target of incidents that start at the team; a team with service: shared needs at least ⌈load⌉ + 1 on shift to keep up with the work; it is where the search starts.',
    ],
    table: {
      name: 'staffing',
      columns: ['team', 'shift', 'unit', 'today', 'offered load (Erlangs)', 'Erlang C engineers', 'answer', 'ceiling tried', 'hours/week per engineer', 'engineer-hours/week today', 'engineer-hours/week answer'],
      rows: r.units.map((u) => [
        u.team, u.shift, unitLabel(u), String(u.today), u.analytic.offeredErlangs.toFixed(2),
        u.analytic.engineers !== undefined ? `${u.analytic.engineers} (${u.analytic.target})` : `– (${u.analytic.note})`,
        String(u.answer), String(u.ceiling), u.hoursPerWeek.toFixed(1), u.engineerHoursPerWeek.today.toFixed(0), u.engineerHoursPerWeek.answer.toFixed(0),
      ]),
    },
  });

  const together = r.units.filter((u) => u.kind === 'team');
  if (together.length > 0) {
    sections.push({
      heading: 'Groups sized together',
      text: ['A team with `staffing: { groups: together }` (presence layers, as `incisim fit` writes them) is one headcount, dealt to its groups in today\'s proportions, one engineer at a time to the group with the highest today ÷ (2 × given so far + 1) (Sainte-Laguë).'],
      table: {
        name: 'groups',
        columns: ['team', 'group', 'today', 'answer'],
        rows: together.flatMap((u) => u.groups!.map((g) => [u.team, g.group, String(g.today), String(g.answer)])),
      },
    });
  }

  const weekly: WeeklyAttainmentPoint[] = r.targets.flatMap((t) => t.weekly.flatMap((e, k) => (e ? [{ week: k + 1, label: r.weeks[k].label, target: t.text, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1], share: t.share }] : [])));
  sections.push({
    heading: 'Targets in the window',
    text: [
      `Attainment on the incidents opened ${r.window.fromDate} – ${r.window.toDate}, mean and 95% interval over replications. "Best reachable" is the ceiling: every shift at least doubled. A team binds a target when removing one engineer from one of its shifts misses it.`,
      ...r.weeks.map((w, k) => `Week ${k + 1}: ${w.label}.`),
    ],
    table: {
      name: 'targets',
      columns: ['target', 'incidents per replication', 'today', 'answer', 'best reachable', 'headcount can meet it', 'binding', ...r.weeks.map((_, k) => `week ${k + 1}`)],
      rows: r.targets.map((t) => [
        t.text, t.incidents.toFixed(1), est(t.today), est(t.answer), est(t.best), t.feasible ? 'yes' : t.infeasible!.unproven ? `not shown with ${r.replications} replications (held at a mean of ${pct(t.infeasible!.reachable)})` : `no (held at a mean of ${pct(t.infeasible!.reachable)})`,
        t.binding.length ? t.binding.map((b) => `${b.unit} (${b.attainment ? pct(b.attainment.mean) : '–'} with one fewer)`).join('; ') : 'none',
        ...t.weekly.map((e) => est(e)),
      ]),
    },
    charts: weekly.length ? [weeklyAttainmentChart('weekly-attainment', weekly)] : [],
  });

  sections.push({
    heading: 'Minimality',
    text: ['The answer with one engineer fewer on each shift in turn: every row must miss a target (the search takes any removal that still holds and checks again).'],
    table: {
      name: 'minimality',
      columns: ['team', 'unit', 'answer', 'with one fewer', 'meets every target', 'targets missed (attainment)'],
      rows: r.units.map((u) => [
        u.team, unitLabel(u), String(u.answer),
        u.minusOne ? String(u.minusOne.count) : '–',
        u.minusOne ? (u.minusOne.meets ? 'yes' : 'no') : 'at its minimum',
        u.minusOne ? (u.minusOne.invalid ?? u.minusOne.missed.map((m) => `${m.target} (${est(m.attainment)})`).join('; ')) : '',
      ]),
    },
  });

  if (impossible.length) {
    sections.push({
      heading: 'What headcount cannot meet',
      text: impossible.map((t) => `${t.text}: with every shift at least doubled it reaches ${est(t.best)}${t.infeasible!.unproven ? ` (the interval still reaches ${pct(t.share)}: more replications may show it met)` : ''}. The answer holds it at what headcount reaches, a mean of at least ${pct(t.infeasible!.reachable)} (the ceiling's lower bound, rounded down): ${est(t.answer)}, ${(t.infeasible!.gap * 100).toFixed(1)} points against the ceiling (paired over the same replications). The incidents that still miss at the ceiling, per replication, and why:`),
      table: {
        name: 'impossible',
        columns: ['target', 'class', 'team', 'incidents', 'missed', 'work alone longer than the target', 'acknowledged later than the target', 'waiting on call, for a shift, hand-offs'],
        rows: impossible.flatMap((t) => (t.impossible ?? []).map((c) => [t.text, c.class, c.team, c.incidents.toFixed(1), c.missed.toFixed(1), c.work.toFixed(1), c.acknowledgement.toFixed(1), c.other.toFixed(1)])),
      },
    });
  }

  const units = r.units.map((u) => u.key);
  const points: StaffingPoint[] = [];
  const byTotal = new Map<number, StaffResult['evaluations'][number]>();
  for (const ev of r.evaluations) if (ev.phase !== 'today') byTotal.set(total(ev.roster), ev);
  for (const [headcount, ev] of [...byTotal].sort((x, y) => x[0] - y[0])) {
    for (const t of r.targets) {
      const e = ev.attainment[t.text];
      if (e) points.push({ load: 'window', headcount, target: t.text, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1], share: t.share });
    }
  }
  sections.push({
    heading: 'Rosters simulated',
    text: ['Every roster the search simulated, in order (today, the Erlang C start, the ceiling, raises, one-at-a-time removals, the minimality check), with each target\'s attainment in the window.'],
    table: {
      name: 'evaluations',
      columns: ['phase', ...units, 'engineers', ...r.targets.map((t) => t.text), 'holds'],
      rows: r.evaluations.map((ev) => [
        ev.phase, ...units.map((k) => String(ev.roster[k] ?? '')), String(total(ev.roster)),
        ...r.targets.map((t) => est(ev.attainment[t.text])), ev.meets ? 'yes' : 'no',
      ]),
    },
    charts: points.length ? [staffingCurveChart('staffing-curve', points, [{ load: 'window', headcount: total(r.answer) }], 'engineers on every searched team')] : [],
  });

  sections.push({
    heading: 'Reproduce',
    text: [`incisim run ${r.file} ${[...r.load.set, ...r.set].map((s) => `--set '${s}'`).join(' ')}`],
  });

  return {
    title: `${r.scenario}: staffing`,
    header: [
      ['Scenario', r.scenario],
      ['Window', `${r.window.fromDate} – ${r.window.toDate} (${r.window.source})`],
      ['Targets', r.targets.map((t) => t.text).join('; ')],
      ['Teams searched', r.teams.map((t) => t.team).join(', ')],
      ['Replications per roster', String(r.replications)],
      ['incisim', VERSION],
      ...(meta.runDate ? [['Run date', meta.runDate] as [string, string]] : []),
    ],
    sections,
  };
}
