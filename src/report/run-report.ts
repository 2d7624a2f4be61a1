/**
 * The report of one run (`incisim run`, `incisim merge`): header, KPI table with intervals,
 * figures per priority, distributions, SLA attainment, utilisation, fairness, backlog, arrivals,
 * and the scenario echoed.
 */
import { parse as parseYaml } from 'yaml';
import type { Estimate, Summary } from '../metrics/types.js';
import { KPI_NAMES } from '../metrics/types.js';
import type { IncidentRecord } from '../sim/records.js';
import { arrivalsByHourChart } from './charts/arrivals-by-hour.js';
import { backlogChart } from './charts/backlog.js';
import { durationEcdfChart } from './charts/duration-ecdf.js';
import { kpiIntervalsChart, type KpiPoint } from './charts/kpi-intervals.js';
import { lorenzChart } from './charts/lorenz.js';
import { slaAttainmentChart, type SlaPoint } from './charts/sla-attainment.js';
import { teamUtilisationChart } from './charts/team-utilisation.js';
import { utilisationHeatmapChart } from './charts/utilisation-heatmap.js';
import { estimateCells, estimateText, kpiLabel, kpiScale } from './labels.js';
import type { Report, Section } from './types.js';
import { fmtMinutes } from '../io/outputs.js';
import { backlogAgingChart } from './charts/backlog-aging.js';
import { burnDownChart, dailySlaChart } from './charts/burn-down.js';

export interface RunReportMeta {
  /** seconds the run took (wall clock) */
  wallTimeSeconds: number;
  /** when it ran, ISO 8601 */
  runDate: string;
}

/** Scenario facts worth a header line, read from its source (best effort: the source was validated before the run). */
function scenarioFacts(source: string): { description?: string; start?: string; timezone?: string; routing?: string; escalation?: string; workloadUnit?: string } {
  try {
    const s = parseYaml(source) as Record<string, unknown>;
    const policy = (x: unknown) => (typeof x === 'object' && x !== null && typeof (x as { policy?: unknown }).policy === 'string' ? (x as { policy: string }).policy : undefined);
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    return {
      description: str(s.description),
      start: str(s.start) ?? (s.start instanceof Date ? s.start.toISOString() : undefined),
      timezone: str(s.timezone),
      routing: policy(s.routing),
      escalation: policy(s.escalation),
      workloadUnit: str(s.workloadUnit),
    };
  } catch {
    return {};
  }
}

function points(kpi: string, groups: [string, Estimate | undefined][]): KpiPoint[] {
  const scale = kpiScale(kpi, groups.map(([, e]) => e));
  return groups.flatMap(([group, e]) => (e ? [{ kpi: scale.label, group, mean: e.mean * scale.factor, lo: e.ci95[0] * scale.factor, hi: e.ci95[1] * scale.factor }] : []));
}

export function buildRunReport(summary: Summary, incidents: readonly IncidentRecord[], source: string, meta: RunReportMeta): Report {
  const facts = scenarioFacts(source);
  const n = summary.replications;
  const priorities = Object.keys(summary.byPriority).sort();
  const teams = Object.keys(summary.byTeam).sort();
  const header: [string, string][] = [
    ['Scenario', summary.scenario + (facts.description ? ` — ${facts.description}` : '')],
    ['Seed', String(summary.seed)],
    ['Replications', String(n)],
    ['Horizon', `${fmtMinutes(summary.horizonMinutes)} from ${facts.start ?? 'the start'}${facts.timezone ? ` (${facts.timezone})` : ''}, warm-up ${fmtMinutes(summary.warmupMinutes)} not measured`],
    ...(facts.routing ? [['Routing', facts.routing + (facts.escalation ? `; escalation: ${facts.escalation}` : '')] as [string, string]] : []),
    ['incisim', summary.incisimVersion],
    ['Run date', meta.runDate],
    ['Wall time', `${meta.wallTimeSeconds.toFixed(1)} s`],
  ];
  const sections: Section[] = [];

  sections.push({
    heading: 'Key figures',
    text: [`Means over ${n} replication${n === 1 ? '' : 's'} with 95% Student-t intervals${n < 2 ? ' (one replication: no interval)' : ''}. Definitions: METRICS.md.`],
    table: {
      name: 'kpis',
      columns: ['KPI', 'mean', '95% low', '95% high', 'key'],
      rows: [...KPI_NAMES.filter((k) => summary.kpis[k]), ...Object.keys(summary.kpis).filter((k) => !(KPI_NAMES as readonly string[]).includes(k))].map((k) => [kpiLabel(k), ...estimateCells(k, summary.kpis[k]), k]),
    },
  });

  const perPriority = ['mtta', 'mttr', 'mttrP90', 'reassignmentRate'];
  sections.push({
    heading: 'Per priority',
    table: {
      name: 'priorities',
      columns: ['priority', 'arrivals', 'MTTA', 'MTTR', 'MTTR p90', 'SLA respond', 'SLA resolve', 'reassignments per incident'],
      rows: priorities.map((p) => {
        const b = summary.byPriority[p];
        return [p, ...['arrivals', 'mtta', 'mttr', 'mttrP90', 'slaRespondAttainment', 'slaResolveAttainment', 'reassignmentRate'].map((k) => estimateText(k, b[k]))];
      }),
    },
    charts: [kpiIntervalsChart('kpis-by-priority', 'Key figures per priority', perPriority.flatMap((k) => points(k, priorities.map((p) => [p, summary.byPriority[p][k]]))), 'priority')],
  });

  if (summary.byType) {
    // ITIL depth (#19): incidents and service requests side by side, and figures per closure code
    const types = Object.keys(summary.byType);
    const perType = ['arrivals', 'mtta', 'mttr', 'slaRespondAttainment', 'slaResolveAttainment', 'firstContactResolution', 'reopenRate', 'knownErrorHitRate'];
    sections.push({
      heading: 'Per ticket type',
      text: ['Incidents and service requests, each on its own SLA targets and calendars (priorities.slaByType).'],
      table: {
        name: 'types',
        columns: ['type', 'arrivals', 'MTTA', 'MTTR', 'SLA respond', 'SLA resolve', 'first-contact resolution', 'reopened', 'known-error matches'],
        rows: types.map((t) => [t, ...perType.map((k) => estimateText(k, summary.byType![t][k]))]),
      },
    });
    const codes = Object.keys(summary.byClosureCode ?? {});
    if (codes.length > 0) {
      sections.push({
        heading: 'Per closure code',
        text: ['Incidents resolved (finally) with each closure code.'],
        table: {
          name: 'closure-codes',
          columns: ['closure code', 'resolved', 'MTTR', 'MTTR p90'],
          rows: codes.map((c) => [c, ...['resolved', 'mttr', 'mttrP90'].map((k) => estimateText(k, summary.byClosureCode![c][k]))]),
        },
      });
    }
  }

  const measured = incidents.filter((r) => !r.warmup);
  if (measured.length > 0) {
    const series = (f: (r: IncidentRecord) => number | undefined) =>
      Object.fromEntries(priorities.map((p) => [p, measured.filter((r) => r.priority === p).map(f).filter((v): v is number => v !== undefined)]));
    const note = `replication 0: ${measured.length} incidents after the warm-up; zero times (auto-remediated) are left off the log axis`;
    sections.push({
      heading: 'Distributions',
      text: ['How long incidents waited to be acknowledged and to be resolved, per priority (empirical CDF: the share of incidents done by a given time).'],
      charts: [
        durationEcdfChart('time-to-acknowledge', 'Time to acknowledge by priority', series((r) => (r.firstAckAt !== undefined ? r.firstAckAt - r.openedAt : undefined)), note),
        durationEcdfChart('time-to-resolve', 'Time to resolve by priority', series((r) => (r.resolvedAt !== undefined ? r.resolvedAt - r.openedAt : undefined)), note),
      ],
    });
  }

  const sla: SlaPoint[] = priorities.flatMap((p) =>
    (['respond', 'resolve'] as const).flatMap((clock) => {
      const e = summary.byPriority[p][clock === 'respond' ? 'slaRespondAttainment' : 'slaResolveAttainment'];
      const t = summary.slaTargets[p];
      if (!e || !t || t[clock] === undefined) return [];
      return [{ priority: p, clock, mean: e.mean, lo: e.ci95[0], hi: e.ci95[1], target: t.target }];
    }),
  );
  if (sla.length > 0) {
    sections.push({
      heading: 'SLA attainment',
      text: [
        'Targets: ' +
          Object.entries(summary.slaTargets)
            .map(([p, t]) => `${p} respond ${t.respond !== undefined ? fmtMinutes(t.respond) : '–'}, resolve ${t.resolve !== undefined ? fmtMinutes(t.resolve) : '–'} (${t.calendar})${t.target !== undefined ? `, ${(t.target * 100).toFixed(0)}% required` : ''}`)
            .join('; ') + '.',
      ],
      charts: [slaAttainmentChart('sla-attainment', sla)],
    });
  }

  const engineers = summary.engineers;
  sections.push({
    heading: 'Utilisation',
    text: [`Overall ${estimateText('utilisation', summary.kpis.utilisation)}; variance across engineers ${estimateText('utilisationVariance', summary.kpis.utilisationVariance)}.`],
    table: {
      name: 'teams',
      columns: ['team', 'engineers', 'utilisation', 'utilisation variance', 'Gini', 'arrivals', 'MTTR'],
      rows: teams.map((t) => {
        const b = summary.byTeam[t];
        return [t, String(engineers.filter((e) => e.team === t).length), ...['utilisation', 'utilisationVariance', 'gini', 'arrivals', 'mttr'].map((k) => estimateText(k, b[k]))];
      }),
    },
    charts: [
      teamUtilisationChart(
        'utilisation-by-team',
        teams.filter((t) => summary.byTeam[t].utilisation).map((t) => ({ team: t, mean: summary.byTeam[t].utilisation.mean, lo: summary.byTeam[t].utilisation.ci95[0], hi: summary.byTeam[t].utilisation.ci95[1], engineers: engineers.filter((e) => e.team === t).map((e) => e.utilisation) })),
      ),
      ...(engineers.length > 0 ? [utilisationHeatmapChart('utilisation-heatmap', engineers.map((e) => ({ row: e.id, team: e.team, byDay: e.utilisationByDay })))] : []),
    ],
  });

  if (engineers.length > 0) {
    const unit = facts.workloadUnit ?? 'count';
    sections.push({
      heading: 'Fairness',
      text: [
        `Gini ${estimateText('gini', summary.kpis.gini)}, Jain ${estimateText('jain', summary.kpis.jain)}, busiest over mean ${estimateText('maxOverMean', summary.kpis.maxOverMean)}` +
          (summary.kpis.highSeverityConcentration
            ? `; the busiest 20% of engineers took ${estimateText('highSeverityConcentration', summary.kpis.highSeverityConcentration)} of P1/P2 work.`
            : '; no P1/P2 work, so no high-severity concentration.'),
      ],
      table: {
        name: 'engineers',
        columns: ['engineer', 'team', 'utilisation', 'workload', 'workload per available hour', 'interruptions: business', 'off hours', 'sleep hours'],
        rows: engineers.map((e) => [e.id, e.team, `${(e.utilisation * 100).toFixed(1)}%`, e.workload.toPrecision(4), e.workloadPerAvailableHour.toPrecision(3), ...[e.interruptions.business, e.interruptions.off, e.interruptions.sleep].map((v) => v.toPrecision(3))]),
      },
      charts: [lorenzChart('lorenz', { [summary.scenario]: engineers.map((e) => e.workload) }, estimateText('gini', summary.kpis.gini), unit)],
    });
  }

  if (summary.backlog.t.length > 0) sections.push({ heading: 'Backlog', charts: [backlogChart('backlog', summary.backlog, summary.warmupMinutes)] });
  sections.push(...extraSections(summary, facts.start));
  sections.push({
    heading: 'Arrivals',
    text: ['The model’s expected arrivals per hour of week beside the simulated ones (mean over replications and weeks).'],
    charts: [arrivalsByHourChart('arrivals-by-hour', { model: summary.arrivalsByHourOfWeek.model, simulated: summary.arrivalsByHourOfWeek.simulated })],
  });

  return {
    title: `${summary.scenario} — ${n} replication${n === 1 ? '' : 's'}`,
    header,
    sections,
    appendix: { heading: 'Scenario', text: source },
  };
}

/** "Mon 9 Mar 2026" for a simulated minute, when the scenario start is known. */
function dateOf(startIso: string | undefined, minutes: number): string {
  if (!startIso) return `day ${Math.floor(minutes / 1440) + 1}`;
  const d = new Date(Date.parse(startIso) + minutes * 60000);
  return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Sections of the features a scenario opts into: a backlog start, backlog aging, burnout flags, KPIs per period. */
function extraSections(summary: Summary, start: string | undefined): Section[] {
  const out: Section[] = [];
  const n = summary.replications;
  if (summary.burnDown) {
    const b = summary.burnDown;
    const d = summary.dailySla;
    const text = [
      `The run starts from ${b.seeded} tickets open at the start, with their real ages (SLA clocks already running, pauses carried), in their teams and with their assignees when at work.`,
    ];
    if (d) {
      text.push(d.recoveryDay
        ? `Resolve-SLA attainment of the incidents resolved each day is back at ${(d.target * 100).toFixed(0)}% for good from day ${estimateText('slaRecoveryDay', d.recoveryDay)} (${dateOf(start, (Math.round(d.recoveryDay.mean) - 1) * 1440)}), in ${d.recovered} of ${n} replications.`
        : `Resolve-SLA attainment is not back at ${(d.target * 100).toFixed(0)}% for good within the horizon in any replication.`);
    }
    out.push({
      heading: 'Backlog burn-down',
      text,
      charts: [burnDownChart('burn-down', b, b.seeded), ...(d ? [dailySlaChart('daily-sla', d.days, d.target, d.recoveryDay ? Math.round(d.recoveryDay.mean) - 1 : undefined)] : [])],
    });
  }
  if (summary.aging) {
    out.push({ heading: 'Backlog by age', text: [`Open incidents by age (${summary.aging.labels.join(', ')}), mean over replications.`], charts: [backlogAgingChart('backlog-aging', summary.aging)] });
  }
  if (summary.burnoutFlags) {
    const f = summary.burnoutFlags;
    const th = [f.thresholds.interruptions !== undefined ? `more than ${f.thresholds.interruptions} interruptions` : '', f.thresholds.offHours !== undefined ? `more than ${f.thresholds.offHours} off-hours` : '', f.thresholds.sleep !== undefined ? `more than ${f.thresholds.sleep} in sleep hours` : ''].filter(Boolean).join(', or ');
    out.push({
      heading: 'Burnout signals',
      text: [f.flags.length === 0 ? `No engineer-week over the thresholds (${th}) in any replication.` : `Engineer-weeks with ${th}, flagged in at least one of ${n} replications (counts are means over all of them).`],
      table: {
        name: 'burnout',
        columns: ['engineer', 'team', 'week', 'from', 'flagged in', 'interruptions', 'off hours', 'sleep hours', 'over'],
        rows: f.flags.map((x) => [x.engineer, x.team, String(x.week), dateOf(start, x.weekStart), `${x.flagged} of ${n} (${(x.share * 100).toFixed(0)}%)`, x.interruptions.toFixed(1), x.offHours.toFixed(1), x.sleep.toFixed(1), x.over.join(', ')]),
      },
    });
  }
  if (summary.byPeriod) {
    const keys = Object.keys(summary.byPeriod);
    const cols = ['arrivals', 'engineersAvailable', 'utilisation', 'mtta', 'mttr', 'slaRespondAttainment', 'slaResolveAttainment'];
    out.push({
      heading: 'Per week',
      text: ['Incidents by the week they opened (backlog: the tickets open at the start); utilisation and engineers available in each week — how joiners, leavers and learning curves show.'],
      table: {
        name: 'periods',
        columns: ['period', 'from', 'arrivals', 'engineers', 'utilisation', 'MTTA', 'MTTR', 'SLA respond', 'SLA resolve'],
        rows: keys.map((k) => {
          const w = /^week-(\d+)$/.exec(k);
          return [k, w ? dateOf(start, summary.warmupMinutes + (Number(w[1]) - 1) * 10080) : 'before the start', ...cols.map((c) => estimateText(c, summary.byPeriod![k][c]))];
        }),
      },
    });
  }
  return out;
}
