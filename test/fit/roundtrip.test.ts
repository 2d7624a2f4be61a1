/**
 * Ground truth round trip of the capacity fit: a known organisation (test/fit/roundtrip/*.yaml:
 * a 24x7 desk on three shifts handing off to two office-hours resolver teams, pending stretches,
 * about 60% utilisation; once with `service: shared`, once with slots) writes its event log with
 * `incisim run --export-log`; `incisim import` and `incisim fit` recover a model from the log
 * alone. Then the fitted model and the true one both run with 20% fewer engineers in every team
 * and with 25% more volume: the fitted model's MTTR and P90 time to resolve must be within 10% of
 * the true model's in each, its headcount within ±1 per team and its mean work content per team
 * within 10% of the truth's (the means of the true scenario's work distributions).
 *
 * Fixed seeds: the truth's log is its seed 17; every comparison runs 4 replications of seed 99.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';

const cli = (...args: string[]) => {
  const r = spawnSync('node', ['bin/incisim.js', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`incisim ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

interface EngineerGroup { count: number }
interface Scenario {
  $schema?: string;
  seed: number;
  replications: number;
  teams: { id: string; engineers: EngineerGroup | EngineerGroup[] }[];
  arrivals: { class: string; rate: { perWeek: number }; path: { team: string; work: string }[] }[];
}

/** Every team's engineers × f (rounded), its groups keeping their proportions (largest remainder). */
function fewerEngineers(s: Scenario, f: number): void {
  for (const t of s.teams) {
    const groups = Array.isArray(t.engineers) ? t.engineers : [t.engineers];
    const total = groups.reduce((a, g) => a + g.count, 0);
    const want = Math.round(total * f);
    const exact = groups.map((g) => (g.count * want) / total);
    const counts = exact.map(Math.floor);
    let left = want - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => [x - counts[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of order) if (left-- > 0) counts[i]++;
    groups.forEach((g, i) => (g.count = counts[i]));
    t.engineers = groups.filter((g) => g.count > 0);
  }
}

const engineersOf = (s: Scenario, team: string) => {
  const e = s.teams.find((t) => t.id === team)!.engineers;
  return (Array.isArray(e) ? e : [e]).reduce((a, g) => a + g.count, 0);
};

/** Mean of a work distribution as the truth states it (minutes). */
function meanOf(d: string): number {
  const min = (v: string) => (v.endsWith('h') ? parseFloat(v) * 60 : parseFloat(v));
  let m = /^lognormal\(median=(\S+), p90=(\S+)\)$/.exec(d);
  if (m) {
    const sigma = Math.log(min(m[2]) / min(m[1])) / 1.2815515655446004;
    return min(m[1]) * Math.exp((sigma * sigma) / 2);
  }
  m = /^gamma\(mean=(\S+), cv=\S+\)$/.exec(d);
  if (m) return min(m[1]);
  throw new Error(`no mean for ${d}`);
}

/** Per team: the true mean work content per incident reaching it (its classes weighted by rate and by the share reaching the step). */
function trueWork(s: Scenario & { arrivals: { path: { team: string; work: string; resolves?: number }[] }[] }): Map<string, number> {
  const acc = new Map<string, { n: number; w: number }>();
  for (const a of s.arrivals) {
    let reach = a.rate.perWeek;
    for (const step of a.path) {
      const x = acc.get(step.team) ?? { n: 0, w: 0 };
      x.n += reach;
      x.w += reach * meanOf(step.work);
      acc.set(step.team, x);
      reach *= 1 - (step.resolves ?? 1);
    }
  }
  return new Map([...acc].map(([t, x]) => [t, x.w / x.n]));
}

interface FitJson { teams: { id: string; engineers: number; service: string }[]; classes: { team: string; count: number; path: { team: string; mean: number; resolves: number }[] }[]; presence: { method: string } }

/** Per team: the fitted mean work content per incident reaching it. */
function fittedWork(fit: FitJson): Map<string, number> {
  const acc = new Map<string, { n: number; w: number }>();
  for (const c of fit.classes) {
    let reach = c.count;
    for (const step of c.path) {
      const x = acc.get(step.team) ?? { n: 0, w: 0 };
      x.n += reach;
      x.w += reach * step.mean;
      acc.set(step.team, x);
      reach *= 1 - step.resolves;
    }
  }
  return new Map([...acc].map(([t, x]) => [t, x.w / x.n]));
}

/** MTTR and P90 time to resolve (hours) of `s` under a change, 4 replications of seed 99. */
function outcome(dir: string, name: string, s: Scenario, change: 'base' | 'fewer' | 'more'): { mttr: number; p90: number } {
  const x = structuredClone(s);
  delete x.$schema;
  x.seed = 99;
  x.replications = 4;
  if (change === 'fewer') fewerEngineers(x, 0.8);
  if (change === 'more') for (const a of x.arrivals) a.rate.perWeek *= 1.25;
  const file = join(dir, `${name}-${change}.yaml`);
  writeFileSync(file, stringify(x));
  cli('run', file, '--out', join(dir, `${name}-${change}`), '--no-report', '--no-incidents', '--json');
  const k = JSON.parse(readFileSync(join(dir, `${name}-${change}`, 'summary.json'), 'utf8')).kpis;
  return { mttr: k.mttr.mean / 60, p90: k.mttrP90.mean / 60 };
}

describe.each([['shared'], ['slots']])('the fit recovers a known organisation serving with %s', (service) => {
  const dir = mkdtempSync(join(tmpdir(), `incisim-roundtrip-${service}-`));
  const truthFile = `test/fit/roundtrip/${service}.yaml`;
  const truth = parse(readFileSync(truthFile, 'utf8')) as Scenario;
  cli('run', truthFile, '--out', join(dir, 'truth'), '--no-report', '--export-log', join(dir, 'log.csv'));
  cli('import', join(dir, 'log.csv'), '--out', join(dir, 'history.jsonl'));
  cli('fit', join(dir, 'history.jsonl'), '--out', join(dir, 'fitted.yaml'), '--json', join(dir, 'fit.json'));
  const fit = JSON.parse(readFileSync(join(dir, 'fit.json'), 'utf8')) as FitJson;
  const fitted = parse(readFileSync(join(dir, 'fitted.yaml'), 'utf8')) as Scenario;

  it('reads rotas (the log\'s assignments are balanced) and the service discipline of each team', () => {
    expect(fit.presence.method).toBe('rotas');
    expect(fit.teams.map((t) => [t.id, t.service])).toEqual(truth.teams.map((t) => [t.id, service]));
  });

  it('recovers each team\'s headcount within ±1 and its mean work content within 10%', () => {
    const want = trueWork(truth as never);
    const got = fittedWork(fit);
    for (const t of truth.teams) {
      expect(Math.abs(fit.teams.find((x) => x.id === t.id)!.engineers - engineersOf(truth, t.id)), t.id).toBeLessThanOrEqual(1);
      expect(Math.abs(got.get(t.id)! / want.get(t.id)! - 1), `${t.id}: ${got.get(t.id)} min against ${want.get(t.id)}`).toBeLessThan(0.1);
    }
  });

  it.each([['as logged', 'base'], ['with 20% fewer engineers', 'fewer'], ['with 25% more volume', 'more']] as const)('predicts MTTR and P90 within 10%% of the truth\'s %s', (_, change) => {
    const a = outcome(dir, 'truth', truth, change);
    const b = outcome(dir, 'fitted', fitted, change);
    expect(Math.abs(b.mttr / a.mttr - 1), `MTTR ${b.mttr} h against ${a.mttr} h`).toBeLessThan(0.1);
    expect(Math.abs(b.p90 / a.p90 - 1), `P90 ${b.p90} h against ${a.p90} h`).toBeLessThan(0.1);
  });
});
