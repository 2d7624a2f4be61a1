/**
 * The report of `incisim backtest`: the windows, the headline checks (median and p90 time to
 * resolve per priority, ttrLogW1, reassignments), weekly volume, median per first team, and the
 * observed and simulated distributions of time to resolve overlaid — once for the test window's
 * own arrivals, once for the model's forecast arrivals.
 */
import type { BacktestBlock, BacktestResult, QuantileCheck } from '../replay/backtest.js';
import { ttrOverlayChart } from './charts/ttr-overlay.js';
import type { Report, Section } from './types.js';
import { VERSION } from '../version.js';

const h = (x: number) => (Number.isFinite(x) ? (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3)) : '–');
const pct = (x: number) => (Number.isFinite(x) ? `${x < 0 ? '−' : '+'}${Math.abs(x * 100).toFixed(1)}%` : '–');

function quantileRows(label: string, q: Record<string, QuantileCheck>): string[][] {
  return Object.entries(q).map(([k, c]) => [label, k, h(c.observed), `${h(c.lo)} – ${h(c.hi)}`, h(c.simulated), pct(c.error), String(c.n.observed)]);
}

function blockSections(b: BacktestBlock, what: string, stem: string): Section[] {
  return [
    {
      heading: `Time to resolve, ${what}`,
      text: [`ttrLogW1 (Wasserstein-1 distance of log10 hours; 0 = identical, 0.1 ≈ a 26% shift): ${b.ttrLogW1.toFixed(3)}. Reassignments per incident: observed ${b.reassignments.observed.toFixed(3)}, simulated ${b.reassignments.simulated.toFixed(3)}. Unresolved (left out): observed ${b.unresolved.observed}, simulated ${b.unresolved.simulated.toFixed(1)} per replication.`],
      table: {
        name: `${stem}-resolve`,
        columns: ['figure', 'priority', 'observed h', 'observed 95% interval', 'simulated h', 'error', 'observed n'],
        rows: [...quantileRows('median', b.medianResolve), ...quantileRows('p90', b.p90Resolve)],
      },
      charts: [ttrOverlayChart(`${stem}-ttr`, `Time to resolve, ${what}`, b.distributions.observed, b.distributions.simulated)],
    },
    {
      heading: `Weekly volume and median per first team, ${what}`,
      table: {
        name: `${stem}-teams`,
        columns: ['week or team', 'observed', 'simulated', 'error'],
        rows: [
          ...b.weeklyVolume.map((w) => [w.week, String(w.observed), w.simulated.toFixed(0), pct(w.error)]),
          ...Object.entries(b.medianResolveByTeam).map(([t, c]) => [`${t} median h`, h(c.observed), h(c.simulated), pct(c.error)]),
        ],
      },
    },
  ];
}

export function buildBacktestReport(r: BacktestResult, meta: { file: string; runDate?: string }): Report {
  return {
    title: `backtest — trained ${r.train.from}..${r.train.to}, tested ${r.test.from}..${r.test.to}`,
    header: [
      ['log', meta.file],
      ['training weeks', `${r.train.from}..${r.train.to} (${r.train.incidents.toLocaleString('en-US')} incidents)`],
      ['test weeks', `${r.test.from}..${r.test.to} (${r.test.incidents.toLocaleString('en-US')} incidents)`],
      ['replications', String(r.replications)],
      ['recency half-life', Number.isFinite(r.fit.halfLife.weeks) ? `${r.fit.halfLife.weeks} weeks${r.fit.halfLife.auto ? ' (auto)' : ''}` : 'none'],
      ['version', VERSION],
      ...(meta.runDate ? [['run date', meta.runDate] as [string, string]] : []),
    ],
    sections: [
      {
        heading: 'How this was measured',
        text: [
          'The capacity model is fitted on the training weeks only. The test weeks are simulated with their own arrivals (times, priorities, first teams) and their observed headcount per team and week, starting two weeks earlier with those weeks’ observed arrivals so that the teams hold a backlog, and running on without arrivals until late incidents resolve; then again with the model’s own forecast arrivals. Only incidents opened in the test weeks are measured; error = simulated ÷ observed − 1; the observed 95% interval comes from order statistics; simulated quantiles pool every replication.',
        ],
      },
      ...blockSections(r.backtest, 'test-window arrivals', 'backtest'),
      ...(r.forecast ? blockSections(r.forecast, 'forecast arrivals', 'forecast') : []),
      {
        heading: 'Headcount per team and test week (observed, simulated as such)',
        table: { name: 'headcount', columns: ['team', ...Array.from({ length: r.test.weeks }, (_, w) => `week ${w + 1}`)], rows: Object.entries(r.headcount).map(([t, c]) => [t, ...c.map(String)]) },
      },
    ],
  };
}
