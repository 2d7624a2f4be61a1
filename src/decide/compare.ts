/**
 * Compare variants of one scenario (routing or escalation policies, or any override) on the same
 * replication indices. Because every variant draws its arrivals and work content from the same
 * named streams, the replications are paired (common random numbers): the difference of a KPI
 * between a variant and the baseline is estimated from the per-replication differences, whose
 * interval is much narrower than the one from two independent samples.
 */
import { readTextFile } from '../io/files.js';
import { parseYamlText } from '../scenario/yaml.js';
import { UserError } from '../errors.js';
import { pairedDifference, unpairedDifference } from '../metrics/summary.js';
import type { Estimate, ReplicationMetrics, Summary } from '../metrics/types.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { ReplicationPool, runScenarioParallel } from '../sim/parallel.js';
import type { RunResult } from '../sim/run.js';

export interface Variant {
  name: string;
  /** `--set` overrides that make this variant */
  set: string[];
}

export interface Difference {
  mean: number;
  ci95: [number, number];
  n: number;
  significant: boolean;
}

export interface KpiComparison {
  kpi: string;
  /** per variant (same order as `variants`) */
  estimates: (Estimate | undefined)[];
  /** paired difference variant − baseline (undefined for the baseline itself) */
  paired: (Difference | undefined)[];
  /** for reference: the interval as if the runs were independent (Welch) */
  unpaired: (Difference | undefined)[];
}

export interface Comparison {
  scenario: string;
  baseline: string;
  variants: string[];
  replications: number;
  kpis: KpiComparison[];
  summaries: Summary[];
  /** per variant: the team utilisation variance and fairness figures, side by side */
  fairness: { variant: string; gini?: Estimate; jain?: Estimate; utilisationVariance?: Estimate; byTeam: Record<string, Estimate | undefined> }[];
}

/** KPIs compared by default. */
export const COMPARE_KPIS = [
  'mtta', 'mttr', 'mttrP90', 'slaAttainment', 'slaRespondAttainment', 'slaResolveAttainment', 'utilisation',
  'utilisationVariance', 'gini', 'jain', 'highSeverityConcentration', 'reassignmentRate', 'escalationDensity',
];

/**
 * Parses a variant given on the command line: `name:path=value,path=value` or `name` alone
 * (the scenario as it is). A `policy=NAME` shorthand sets routing.policy.
 */
export function parseVariant(text: string): Variant {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (!name) throw new UserError(`--variant: "${text}" has no name; expected name:path=value[,path=value…], e.g. rr:routing.policy=round-robin`);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const set = rest.split(/,(?=[A-Za-z_$][\w.$\[\]-]*=)/).map((s) => s.trim()).filter(Boolean).map((s) => (s.startsWith('policy=') ? `routing.${s}` : s));
  for (const s of set) if (!s.includes('=')) throw new UserError(`--variant ${name}: "${s}" is not an override; expected path=value`);
  return { name, set };
}

/** A comparison file: `{ scenario?, baseline?, replications?, kpis?, variants: [{ name, set: {path: value} | ["path=value"] }] }`. */
export function readComparisonFile(file: string): { scenario?: string; baseline?: string; replications?: number; kpis?: string[]; variants: Variant[] } {
  let text: string;
  try {
    text = readTextFile(file, 'the comparison file');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const raw = parseYamlText(text, file);
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new UserError(`${file}: (root): expected a mapping with a variants list`);
  for (const k of Object.keys(o)) if (!['scenario', 'baseline', 'replications', 'kpis', 'variants'].includes(k)) {
    throw new UserError(`${file}: ${k}: unknown key; expected scenario, baseline, replications, kpis or variants`);
  }
  if (!Array.isArray(o.variants) || o.variants.length < 2) throw new UserError(`${file}: variants: expected a list of at least 2 variants, got ${JSON.stringify(o.variants) ?? 'nothing'}`);
  const variants = o.variants.map((v, i) => {
    const path = `${file}: variants[${i}]`;
    if (!v || typeof v !== 'object' || typeof (v as { name?: unknown }).name !== 'string') throw new UserError(`${path}.name: expected a variant name`);
    const { name, set } = v as { name: string; set?: unknown };
    let sets: string[] = [];
    if (Array.isArray(set)) sets = set.map(String);
    else if (set && typeof set === 'object') sets = Object.entries(set).map(([k, val]) => `${k}=${typeof val === 'string' ? val : JSON.stringify(val)}`);
    else if (set !== undefined) throw new UserError(`${path}.set: expected a mapping path: value or a list of "path=value", got ${JSON.stringify(set)}`);
    return { name, set: sets };
  });
  if (o.replications !== undefined && !(Number.isInteger(o.replications) && (o.replications as number) >= 2)) {
    throw new UserError(`${file}: replications: expected an integer ≥ 2, got ${JSON.stringify(o.replications)}`);
  }
  return { scenario: o.scenario as string | undefined, baseline: o.baseline as string | undefined, replications: o.replications as number | undefined, kpis: o.kpis as string[] | undefined, variants };
}

function diff(d: { mean: number; ci95: [number, number]; n: number; significant: boolean } | undefined): Difference | undefined {
  return d && Number.isFinite(d.mean) ? { mean: d.mean, ci95: d.ci95, n: d.n, significant: d.significant } : undefined;
}

/** Runs every variant on the same replication indices and compares each with the baseline. */
export async function compareVariants(
  file: string,
  variants: Variant[],
  options: { baseline?: string; replications?: number; kpis?: string[]; workers?: number; common?: string[] } = {},
): Promise<Comparison> {
  const names = new Set<string>();
  for (const v of variants) {
    if (names.has(v.name)) throw new UserError(`variant "${v.name}" is given twice; variant names must be unique`);
    names.add(v.name);
  }
  if (variants.length < 2) throw new UserError('compare: give at least two variants (--variant name:path=value …), or a comparison file');
  const baseline = options.baseline ?? variants[0].name;
  const bi = variants.findIndex((v) => v.name === baseline);
  if (bi < 0) throw new UserError(`--baseline: no variant named "${baseline}"; expected one of ${variants.map((v) => v.name).join(', ')}`);
  const common = [...(options.common ?? [])];
  if (options.replications !== undefined) common.push(`replications=${options.replications}`);
  const scenarios: Scenario[] = variants.map((v) => loadScenario(file, { overrides: [...common, ...v.set] }).scenario);
  const reps = scenarios.map((s) => s.replications ?? 10);
  if (new Set(reps).size > 1) throw new UserError(`variants run different replication counts (${reps.join(', ')}); pairing needs the same count`);
  if (reps[0] < 2) throw new UserError(`compare needs at least 2 replications per variant for intervals, got ${reps[0]}`);
  const runs: RunResult[] = [];
  // one pool for every variant: its workers start once and are warm from the second variant on
  const pool = new ReplicationPool();
  try {
    // (no incident records: the comparison reads each replication's figures only)
    for (const s of scenarios) runs.push(await runScenarioParallel(s, { workers: options.workers, pool, keepIncidents: false }));
  } finally {
    await pool.close();
  }
  const metrics: ReplicationMetrics[][] = runs.map((r) => r.replications);
  const kpis = options.kpis ?? COMPARE_KPIS;
  const rows: KpiComparison[] = kpis.map((kpi) => {
    const series = metrics.map((ms) => ms.map((m) => m.kpis[kpi]));
    const base = series[bi];
    const complete = (xs: (number | undefined)[]): xs is number[] => xs.every((x) => x !== undefined && Number.isFinite(x));
    return {
      kpi,
      estimates: runs.map((r) => r.summary.kpis[kpi]),
      paired: series.map((xs, i) => (i === bi || !complete(xs) || !complete(base) ? undefined : diff(pairedDifference(xs, base)))),
      unpaired: series.map((xs, i) => (i === bi || !complete(xs) || !complete(base) ? undefined : diff(unpairedDifference(xs, base)))),
    };
  });
  return {
    scenario: scenarios[0].name,
    baseline,
    variants: variants.map((v) => v.name),
    replications: reps[0],
    kpis: rows,
    summaries: runs.map((r) => r.summary),
    fairness: runs.map((r, i) => ({
      variant: variants[i].name,
      gini: r.summary.kpis.gini,
      jain: r.summary.kpis.jain,
      utilisationVariance: r.summary.kpis.utilisationVariance,
      byTeam: Object.fromEntries(Object.entries(r.summary.byTeam).map(([t, k]) => [t, k.utilisationVariance])),
    })),
  };
}

/** The comparison as a console table: each KPI, each variant's mean, and the paired difference. */
export function formatComparison(c: Comparison, fmt: (kpi: string, v: number) => string): string {
  const out: string[] = [`${c.scenario}: ${c.variants.length} variants × ${c.replications} paired replications; baseline ${c.baseline}`];
  for (const row of c.kpis) {
    if (row.estimates.every((e) => e === undefined)) continue;
    out.push(`${row.kpi}`);
    c.variants.forEach((v, i) => {
      const e = row.estimates[i];
      const value = e ? fmt(row.kpi, e.mean) : '–';
      const d = row.paired[i];
      let note = '';
      if (v === c.baseline) note = '(baseline)';
      else if (d) {
        const sign = d.mean >= 0 ? '+' : '';
        note = `${sign}${fmtDiff(row.kpi, d.mean, fmt)} [${fmtDiff(row.kpi, d.ci95[0], fmt)}, ${fmtDiff(row.kpi, d.ci95[1], fmt)}] ${d.significant ? 'significant' : 'not significant (interval contains 0)'}`;
      }
      out.push(`  ${v.padEnd(Math.max(...c.variants.map((x) => x.length)))}  ${value.padStart(12)}  ${note}`);
    });
  }
  return out.join('\n') + '\n';
}

function fmtDiff(kpi: string, v: number, fmt: (kpi: string, v: number) => string): string {
  return v < 0 ? `-${fmt(kpi, -v)}` : fmt(kpi, v);
}
