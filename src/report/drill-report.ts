/**
 * The report of `incisim drill`: expectations with pass/fail, the escalation timeline as a Gantt
 * chart and as a table, probabilities over repeated runs when asked, and the drill echoed.
 */
import { fmtClock, type Drill, type DrillRun } from '../decide/drill.js';
import { escalationTimelineChart, ganttFromTrace } from './charts/escalation-timeline.js';
import type { Report, Section } from './types.js';
import { VERSION } from '../version.js';

export type DrillProbability = { expectation: string; probability: number; ci95: [number, number]; held: number; runs: number };

/** "+1h05m" from minutes, rounded to the minute before splitting (as the printed timeline). */
function offset(m: number): string {
  return `${m < 0 ? '−' : '+'}${fmtClock(Math.abs(m))}`;
}

export function buildDrillReport(drill: Drill, run: DrillRun, probabilities?: DrillProbability[], meta: { runDate?: string } = {}): Report {
  const origin = Math.min(...drill.incidents.map((i) => i.at));
  const ids = drill.incidents.map((i) => i.id);
  const end = Math.max(origin, ...run.timeline.map((e) => e.t));
  const { bars, marks } = ganttFromTrace(run.timeline, origin, end, ids);
  const failed = run.results.filter((r) => !r.held).length;
  const events = run.timeline.filter((e) => e.incident !== undefined && ids.includes(e.incident));
  const sections: Section[] = [
    {
      heading: 'Expectations',
      text: [failed === 0 ? `All ${run.results.length} expectations hold.` : `${failed} of ${run.results.length} expectations failed.`],
      table: { name: 'expectations', columns: ['expectation', 'result', 'at'], rows: run.results.map((r) => [r.expectation.text, r.held ? 'holds' : 'FAILS', r.at !== undefined ? offset(r.at) : 'never']) },
    },
    {
      heading: 'Timeline',
      text: [
        `Scripted incidents: ${drill.incidents.map((i) => `${i.id} at ${offset(i.at - origin)}`).join(', ')}.` +
          (drill.silent.length ? ` Not answering: ${drill.silent.join(', ')}.` : '') +
          (drill.away.length ? ` Away: ${drill.away.map((a) => a.engineer).join(', ')}.` : '') +
          (drill.notificationDelay > 0 || drill.notificationLoss > 0 ? ` Notifications delayed ${drill.notificationDelay} min, ${(drill.notificationLoss * 100).toFixed(0)}% lost.` : ''),
      ],
      table: { name: 'timeline', columns: ['at', 'incident', 'event', 'who', 'detail'], rows: events.map((e) => [offset(e.t - origin), e.incident ?? '', e.type, e.engineer ?? e.team ?? '', e.detail ?? '']) },
      charts: [escalationTimelineChart('escalation-timeline', `Escalation timeline — ${drill.name}`, bars, marks)],
    },
  ];
  if (probabilities && probabilities.length) {
    sections.push({
      heading: 'How often the expectations hold',
      text: [`Over ${probabilities[0].runs} runs with random acknowledgement delays; 95% Wilson intervals.`],
      table: {
        name: 'probabilities',
        columns: ['expectation', 'held', 'probability', '95% low', '95% high'],
        rows: probabilities.map((p) => [p.expectation, `${p.held} of ${p.runs}`, `${(p.probability * 100).toFixed(1)}%`, `${(p.ci95[0] * 100).toFixed(1)}%`, `${(p.ci95[1] * 100).toFixed(1)}%`]),
      },
    });
  }
  return {
    title: `Drill ${drill.name}: ${failed === 0 ? 'all expectations hold' : `${failed} expectation${failed === 1 ? '' : 's'} failed`}`,
    header: [
      ['Drill', `${drill.name} (${drill.file})`],
      ['Scenario', drill.scenario.name],
      ['incisim', VERSION],
      ...(meta.runDate ? [['Run date', meta.runDate] as [string, string]] : []),
    ],
    sections,
    appendix: { heading: 'Scenario of the drill', text: drill.scenarioSource },
  };
}
