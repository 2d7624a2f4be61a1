/**
 * Utilisation over time: a heatmap of rows (engineers, or teams when there are too many engineers
 * to read) × simulated day. Days without available time (off, warm-up) are left blank.
 */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, r4 } from '../theme.js';

export interface UtilisationRow {
  /** engineer id or team id */
  row: string;
  team: string;
  /** utilisation per simulated day (0 = the first day), null when not available that day */
  byDay: readonly (number | null)[];
}

/** More rows than this and engineers are averaged per team. */
export const MAX_ENGINEER_ROWS = 60;

/** Averages engineer rows per team (mean of the engineers available that day). */
export function teamRows(rows: readonly UtilisationRow[]): UtilisationRow[] {
  const teams = new Map<string, UtilisationRow[]>();
  for (const r of rows) teams.set(r.team, [...(teams.get(r.team) ?? []), r]);
  return [...teams].map(([team, rs]) => {
    const days = Math.max(0, ...rs.map((r) => r.byDay.length));
    const byDay = Array.from({ length: days }, (_, d) => {
      const xs = rs.map((r) => r.byDay[d]).filter((v): v is number => v !== null && v !== undefined);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
    });
    return { row: team, team, byDay };
  });
}

export function utilisationHeatmapChart(name: string, engineers: readonly UtilisationRow[]): Chart {
  const perTeam = engineers.length > MAX_ENGINEER_ROWS;
  const rows = perTeam ? teamRows(engineers) : [...engineers];
  const values = rows.flatMap((r) => r.byDay.flatMap((u, d) => (u === null ? [] : [{ row: r.row, team: r.team, day: d + 1, utilisation: r4(u) }])));
  const order = rows.map((r) => r.row);
  const days = Math.max(1, ...rows.map((r) => r.byDay.length));
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: {
        text: perTeam ? 'Utilisation per team per day' : 'Utilisation per engineer per day',
        subtitle: `busy time ÷ available time, mean over replications${perTeam ? ` (${engineers.length} engineers averaged per team)` : ''}; blank: not available`,
      },
      config: CONFIG,
      width: Math.min(900, Math.max(300, days * 6)),
      height: { step: perTeam ? 14 : 10 },
      data: { values },
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'day', type: 'ordinal', title: 'simulated day', axis: { labelExpr: 'datum.value % 7 === 1 ? datum.label : ""', labelAngle: 0 } },
        y: { field: 'row', type: 'nominal', title: perTeam ? 'team' : 'engineer', sort: order },
        color: { field: 'utilisation', type: 'quantitative', title: 'utilisation', scale: { scheme: 'viridis', domain: [0, 1], clamp: true }, legend: { format: '%' } },
        tooltip: [
          { field: 'row', type: 'nominal', title: perTeam ? 'team' : 'engineer' },
          ...(perTeam ? [] : [{ field: 'team', type: 'nominal' as const }]),
          { field: 'day', type: 'ordinal' },
          { field: 'utilisation', type: 'quantitative', format: '.1%' },
        ],
      },
    },
  };
}
