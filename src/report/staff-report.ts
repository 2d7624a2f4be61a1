/**
 * The report of `incisim staff`: per load (base, peak) the analytic Erlang C estimate beside the
 * simulated answer per team, shrinkage shown, every evaluated staffing level with its attainment,
 * and the staffing curve.
 */
import type { StaffAnswer, StaffTarget } from '../decide/staff.js';
import { staffingCurveChart, type StaffingPoint } from './charts/staffing-curve.js';
import type { Report, Section } from './types.js';
import { VERSION } from '../version.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

export function buildStaffingReport(name: string, result: { targets: StaffTarget[]; answers: StaffAnswer[] }, meta: { runDate?: string } = {}): Report {
  const teams = [...new Set(result.answers.flatMap((a) => Object.keys(a.counts)))];
  const total = (c: Record<string, number>) => teams.reduce((s, t) => s + (c[t] ?? 0), 0);
  const points: StaffingPoint[] = [];
  for (const a of result.answers) {
    // One point per total headcount: the last level evaluated with that total (a search moves one team at a time).
    const byTotal = new Map<number, (typeof a.evaluations)[number]>();
    for (const ev of a.evaluations) byTotal.set(total(ev.counts), ev);
    for (const [headcount, ev] of [...byTotal].sort((x, y) => x[0] - y[0])) {
      for (const t of result.targets) {
        const e = ev.attainment[t.text];
        if (e) points.push({ load: `${a.label} (arrivals × ${a.factor})`, headcount, target: t.text, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1], share: t.share });
      }
    }
  }
  const sections: Section[] = [];
  sections.push({
    heading: 'Answer',
    text: result.answers.map((a) =>
      `${a.label} load (arrivals × ${a.factor}): ${a.met ? `the smallest roster meeting every target is ${teams.map((t) => `${t} ${a.counts[t]}`).join(', ')} (${total(a.counts)} engineers)` : `no roster found that meets every target: ${a.note ?? 'search limit reached'}`}.`,
    ),
    table: {
      name: 'staffing',
      columns: ['load', 'team', 'offered load (Erlangs)', 'Erlang C agents', 'positions with shrinkage', 'simulated answer'],
      rows: result.answers.flatMap((a) =>
        teams.map((t) => {
          const an = a.analytic[t];
          return [a.label, t, an.offeredErlangs.toFixed(2), an.agents !== undefined ? String(an.agents) : `– (${an.note})`, an.positions !== undefined ? String(an.positions) : '–', String(a.counts[t])];
        }),
      ),
    },
  });
  sections.push({
    heading: 'Staffing levels tried',
    text: ['Every level the search simulated, in order, with each target’s attainment (mean, 95% interval). A level meets the targets when every lower interval bound reaches the required share.'],
    table: {
      name: 'evaluations',
      columns: ['load', ...teams, ...result.targets.map((t) => t.text), 'meets'],
      rows: result.answers.flatMap((a) =>
        a.evaluations.map((ev) => [
          a.label,
          ...teams.map((t) => String(ev.counts[t] ?? '')),
          ...result.targets.map((t) => {
            const e = ev.attainment[t.text];
            return e ? `${pct(e.mean)} [${pct(e.ci95[0])}, ${pct(e.ci95[1])}]` : 'no data';
          }),
          ev.meets ? 'yes' : 'no',
        ]),
      ),
    },
    charts: points.length ? [staffingCurveChart('staffing-curve', points, result.answers.map((a) => ({ load: `${a.label} (arrivals × ${a.factor})`, headcount: total(a.counts) })), teams.length === 1 ? `engineers in ${teams[0]}` : `engineers in ${teams.join(' + ')}`)] : [],
  });
  return {
    title: `${name}: staffing`,
    header: [
      ['Scenario', name],
      ['Targets', result.targets.map((t) => t.text).join('; ')],
      ['Teams searched', teams.join(', ')],
      ['incisim', VERSION],
      ...(meta.runDate ? [['Run date', meta.runDate] as [string, string]] : []),
    ],
    sections,
  };
}
