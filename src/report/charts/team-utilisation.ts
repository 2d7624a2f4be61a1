/** Utilisation per team: mean with 95% interval, and the spread across the team's engineers. */
import type { Chart } from '../types.js';
import { CONFIG, SCHEMA, intervalTooltip, r4 } from '../theme.js';

export interface TeamUtilisation {
  team: string;
  mean: number;
  lo: number;
  hi: number;
  /** utilisation of each engineer of the team (means over replications) */
  engineers: readonly number[];
}

export function teamUtilisationChart(name: string, teams: readonly TeamUtilisation[]): Chart {
  const order = teams.map((t) => t.team);
  return {
    name,
    spec: {
      $schema: SCHEMA,
      title: { text: 'Utilisation per team', subtitle: 'bar: team mean (black: 95% interval); ticks: its engineers' },
      config: CONFIG,
      width: 520,
      height: { step: 26 },
      layer: [
        {
          data: { values: teams.map((t) => ({ team: t.team, mean: r4(t.mean), lo: r4(t.lo), hi: r4(t.hi), engineers: t.engineers.length })) },
          layer: [
            {
              mark: { type: 'bar', color: '#56B4E9', height: 18 },
              encoding: {
                y: { field: 'team', type: 'nominal', sort: order, title: 'team' },
                x: { field: 'mean', type: 'quantitative', title: 'utilisation', axis: { format: '%' }, scale: { domain: [0, 1] } },
                tooltip: [
                  { field: 'team', type: 'nominal' },
                  ...intervalTooltip('.1%', 'utilisation'),
                  { field: 'engineers', type: 'quantitative' },
                ],
              },
            },
            { mark: { type: 'rule', color: '#333' }, encoding: { y: { field: 'team', type: 'nominal', sort: order }, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
          ],
        },
        {
          data: { values: teams.flatMap((t) => t.engineers.map((u) => ({ team: t.team, utilisation: r4(u) }))) },
          mark: { type: 'tick', color: '#000', opacity: 0.5, thickness: 1 },
          encoding: {
            y: { field: 'team', type: 'nominal', sort: order },
            x: { field: 'utilisation', type: 'quantitative' },
            tooltip: [{ field: 'utilisation', type: 'quantitative', format: '.1%', title: 'an engineer' }],
          },
        },
      ],
    },
  };
}
