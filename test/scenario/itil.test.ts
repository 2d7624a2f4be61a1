/**
 * The ITIL-depth fields (#19) in a scenario: every mistake is one line naming the field path, the
 * bad value and what was expected, before any work starts.
 */
import { describe, expect, it } from 'vitest';
import { scenarioProblems } from '../../src/scenario/load.js';
import { tinyScenario } from '../sim/helpers.js';

const two = {
  teams: [{ id: 'desk', tier: 1, engineers: { count: 1 } }, { id: 'pm', tier: 2, engineers: { count: 1 } }],
  arrivals: [
    { class: 'app', rate: { perHour: 1 }, priority: 'P3', path: [{ team: 'desk', work: '10m' }] },
    { class: 'db', rate: { perHour: 1 }, priority: 'P3', path: [{ team: 'desk', work: '10m' }] },
  ],
};
const cause = { id: 'leak', classes: ['app'], share: 0.5, threshold: 3, window: '1d', work: '1d', reduction: 0.8 };
const problems = (s: object) => scenarioProblems(JSON.parse(JSON.stringify(tinyScenario(s as never))), 'f.yaml');

describe('ITIL-depth fields in scenarios', () => {
  it('accepts every new field together', () => {
    expect(problems({
      ...two,
      priorities: { matrix: tinyScenario().priorities.matrix, sla: { P3: { resolve: '1d' } }, slaByType: { request: { P3: { resolve: '3d' } } } },
      arrivals: [
        { ...two.arrivals[0], knownError: { share: 0.2, workFactor: 0.5 }, closureCodes: { 'solved-workaround': 1, 'user-error': 1 }, reopen: { probability: 0.05, after: '1d' } },
        { ...two.arrivals[1], type: 'request' },
      ],
      triage: { misclassification: { share: 0.05, detectAfter: '30m' } },
      problems: { team: 'pm', causes: [cause] },
      comms: { cadence: { P1: '30m' }, duration: '5m' },
    })).toEqual([]);
  });

  it.each([
    ['a type that is neither', { arrivals: [{ ...two.arrivals[0], type: 'change' }] }, 'f.yaml: arrivals[0].type: "change" is not one of: incident, request'],
    ['a known-error share above 1', { arrivals: [{ ...two.arrivals[0], knownError: { share: 1.5, workFactor: 0.5 } }] }, 'f.yaml: arrivals[0].knownError.share: 1.5 must be <= 1'],
    ['a known error without its workFactor', { arrivals: [{ ...two.arrivals[0], knownError: { share: 0.5 } }] }, 'f.yaml: arrivals[0].knownError.workFactor: missing (a required field)'],
    ['closure-code weights summing to 0', { arrivals: [{ ...two.arrivals[0], closureCodes: { fixed: 0 } }] }, 'f.yaml: arrivals[0].closureCodes: the weights sum to 0; expected at least one positive weight'],
    ['a reopen delay that is no distribution', { arrivals: [{ ...two.arrivals[0], reopen: { probability: 0.1, after: 'soon' } }] }, 'f.yaml: arrivals[0].reopen.after:'],
    ['a problem cause of an unknown class', { problems: { team: 'pm', causes: [{ ...cause, classes: ['ap'] }] } }, 'f.yaml: problems.causes[0].classes[0]: unknown class "ap", did you mean "app"? (expected one of: app, db)'],
    ['an unknown problem team', { problems: { team: 'pmo', causes: [cause] } }, 'f.yaml: problems.team: unknown team "pmo", did you mean "pm"? (expected one of: desk, pm)'],
    ['causes of one class whose shares pass 1', { problems: { team: 'pm', causes: [cause, { ...cause, id: 'pool', share: 0.6 }] } }, 'f.yaml: problems.causes: the shares of the causes of class "app" sum to 1.1; expected at most 1'],
    ['a per-class share for a class the cause does not name', { problems: { team: 'pm', causes: [{ ...cause, share: { db: 0.2 } }] } }, 'f.yaml: problems.causes[0].share.db: "db" is not one of the cause\'s classes'],
    ['a threshold of 0', { problems: { team: 'pm', causes: [{ ...cause, threshold: 0 }] } }, 'f.yaml: problems.causes[0].threshold: 0 must be >= 1'],
    ['a comms cadence for an unknown priority', { comms: { cadence: { P9: '30m' }, duration: '5m' } }, 'f.yaml: comms.cadence.P9: "P9" is not a priority of priorities.matrix'],
    ['a comms duration missing for a priority with a cadence', { comms: { cadence: { P1: '30m', P2: '1h' }, duration: { P1: '5m' } } }, 'f.yaml: comms.duration: no duration for P2, which has a cadence'],
    ['misclassification with no request class or team', { triage: { misclassification: { share: 0.1, detectAfter: '10m' } } }, 'f.yaml: triage.misclassification: an incident logged as a request needs a team for requests; no class has type request'],
    ['a request SLA for an unknown priority', { priorities: { matrix: tinyScenario().priorities.matrix, slaByType: { request: { P7: { resolve: '1d' } } } } }, 'f.yaml: priorities.slaByType.request.P7: "P7" is not a priority of priorities.matrix'],
  ])('rejects %s', (_what, over, message) => {
    const lines = problems({ ...two, ...over });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toContain(message);
  });
});
