/**
 * Generators of hostile drill files for `incisim drill`, made from the bundled drills: the generic
 * mutations of the scenario generator (deletions, wrong types, huge numbers, bad durations, long
 * values…) plus drill-specific damage — `silent` and `away` of the wrong shape, incidents that are
 * not mappings, expectations naming unknown incidents or teams, a zero or huge duration, a lost
 * share of pages outside 0–1. The drill's scenario travels with it (its `scenario:` path rewritten
 * to the copy beside it). Exit 3 (an expectation failed) is a normal ending.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { FuzzCase } from '../harness.js';
import { mutate, mutationArb, type Json } from './scenario.js';

const ROOT = new URL('../../../', import.meta.url).pathname;

const DRILLS = ['primary-does-not-answer.yaml', 'network-outage-saturday-night.yaml'].map((f) => {
  const doc = parse(readFileSync(join(ROOT, 'scenarios/drills', f), 'utf8')) as Record<string, Json>;
  const scenarioName = String(doc.scenario).replace('../', '');
  return { name: f, doc, scenarioName, scenario: readFileSync(join(ROOT, 'scenarios', scenarioName), 'utf8') };
});

/** Drill-specific damage: a label, the change, and whether no drill can survive it. */
const DAMAGE: { label: string; invalid: boolean; apply: (d: Record<string, Json>) => void }[] = [
  { label: 'silent: a string', invalid: true, apply: (d) => { d.silent = 'alice'; } },
  { label: 'away: {}', invalid: true, apply: (d) => { d.away = {}; } },
  { label: 'away: a list of strings', invalid: true, apply: (d) => { d.away = ['alice']; } },
  { label: 'away: to before from', invalid: true, apply: (d) => { d.away = [{ engineer: 'alice', from: '2h', to: '1h' }]; } },
  { label: 'an incident that is a string', invalid: true, apply: (d) => { d.incidents = ['DB-DOWN']; } },
  { label: 'no incidents', invalid: true, apply: (d) => { d.incidents = []; } },
  { label: 'an expectation naming an unknown team', invalid: true, apply: (d) => { d.expect = [`${firstId(d)} escalated to nowhere within 1h`]; } },
  { label: 'an expectation naming an unknown incident', invalid: true, apply: (d) => { d.expect = ['NOPE resolved within 1h']; } },
  { label: 'an expectation that is a mapping', invalid: true, apply: (d) => { d.expect = [{ at: 1 }]; } },
  { label: 'expect: a string', invalid: true, apply: (d) => { d.expect = 'all good'; } },
  { label: 'duration: 0', invalid: true, apply: (d) => { d.duration = 0; } },
  { label: 'duration: 1e9w', invalid: true, apply: (d) => { d.duration = '1e9w'; } },
  { label: 'notifications.loss: 2', invalid: true, apply: (d) => { d.notifications = { loss: 2 }; } },
  { label: 'notifications: a list', invalid: true, apply: (d) => { d.notifications = [1]; } },
  { label: 'an incident at the end of the drill', invalid: true, apply: (d) => { (d.incidents as Record<string, Json>[])[0].at = d.duration ?? '1d'; } },
  { label: 'an incident of an unknown priority', invalid: true, apply: (d) => { (d.incidents as Record<string, Json>[])[0].priority = 'P9'; } },
  { label: 'a duplicate incident id', invalid: true, apply: (d) => { const l = d.incidents as Json[]; l.push(structuredClone(l[0])); } },
  { label: 'an unknown key', invalid: true, apply: (d) => { d.sielnt = ['alice']; } },
  { label: 'a 300-character name', invalid: false, apply: (d) => { d.name = 'n'.repeat(300); } },
  { label: 'scenario: a number', invalid: true, apply: (d) => { d.scenario = 5; } },
  { label: 'scenario: a missing file', invalid: true, apply: (d) => { d.scenario = 'nowhere.yaml'; } },
];

function firstId(d: Record<string, Json>): string {
  const l = d.incidents as Record<string, Json>[] | undefined;
  return String(l?.[0]?.id ?? 'X');
}

/** Cases of `incisim drill` on a damaged or mutated bundled drill. */
export function drillCases(): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      base: fc.nat({ max: DRILLS.length - 1 }),
      damage: fc.option(fc.nat({ max: DAMAGE.length - 1 }), { freq: 2 }),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 2 }),
    })
    .map(({ base, damage, mutations }): FuzzCase => {
      const b = DRILLS[base];
      const doc = structuredClone(b.doc);
      doc.scenario = b.scenarioName;
      const labels: string[] = [];
      let invalid = false;
      if (damage !== null) {
        DAMAGE[damage].apply(doc);
        labels.push(DAMAGE[damage].label);
        invalid = DAMAGE[damage].invalid;
      } else {
        for (const m of mutations) {
          // `bounded` and `unknown-field` speak of scenario fields: here they are generic damage
          const r = mutate(doc, m.kind === 'bounded' ? { ...m, kind: 'number' } : m);
          labels.push(r.label);
        }
      }
      return {
        label: `drills/${b.name}: ${labels.join('; ')}`,
        argv: ['drill', '{dir}/drill.yaml', '--out', '{dir}/out'],
        files: { 'drill.yaml': stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 }), [b.scenarioName]: b.scenario },
        expect: invalid ? 'invalid' : 'any',
        okCodes: [0, 3],
      };
    });
}
