import { describe, expect, it } from 'vitest';
import { createEscalationPolicy, type EscalationIncident, type EscalationStep } from '../../../src/policies/escalation/index.js';

const inc: EscalationIncident = { id: 'INC-7', priority: 'P2', team: 'platform', tier: 2, openedAt: 0 };
const chain = (options: Record<string, unknown>) => createEscalationPolicy({ policy: 'chain', options }, 'escalation');

describe('chain (PagerDuty-style)', () => {
  it('pages each rule\'s targets in turn for the rule\'s delay, loops, then ends', () => {
    const p = chain({ rules: [{ targets: 'team:platform', delay: '30m' }, { targets: ['engineer:lead', 'engineer:cto'], delay: '1h' }], loops: 1 });
    const trace: string[] = [];
    let t = 0;
    let s = p.start(inc);
    while (s.type === 'page') {
      trace.push(`${t} L${s.level} r${s.round} ${JSON.stringify(s.target)}`);
      t += s.timeout;
      s = p.next(inc, s as EscalationStep);
    }
    trace.push(`${t} ${s.reason}`);
    expect(trace).toEqual([
      '0 L1 r0 {"kind":"team","team":"platform"}',
      '30 L2 r0 {"kind":"engineer","engineerId":"lead"}',
      '90 L2 r0 {"kind":"engineer","engineerId":"cto"}',
      '150 L1 r1 {"kind":"team","team":"platform"}',
      '180 L2 r1 {"kind":"engineer","engineerId":"lead"}',
      '240 L2 r1 {"kind":"engineer","engineerId":"cto"}',
      '300 nobody acknowledged after 2 rules and 1 loop',
    ]);
    expect(s).not.toHaveProperty('notify');
    expect(p.stall(inc)).toEqual([]);
    expect(p.notifications(inc)).toEqual([]);
    expect(p.immediate({ ...inc, category: 'security' })).toBeUndefined();
  });

  it.each([
    [{}, 'escalation.options.rules: missing; expected a list of { targets, delay }'],
    [{ rules: [] }, 'escalation.options.rules: an empty list; expected at least one rule'],
    [{ rules: [{ targets: 'assignee' }] }, 'escalation.options.rules[0].delay: missing; expected the escalation delay, e.g. 30m'],
    [{ rules: [{ delay: '5m' }] }, 'escalation.options.rules[0].targets: missing'],
    [{ rules: [{ targets: [], delay: '5m' }] }, 'escalation.options.rules[0].targets: an empty list'],
    [{ rules: [{ targets: ['assignee', 'user:x'], delay: '5m' }] }, 'escalation.options.rules[0].targets[1]: "user:x" is not a page target'],
    [{ rules: [{ targets: 'assignee', delay: '0m' }] }, 'escalation.options.rules[0].delay: "0m" is zero; expected a positive duration'],
    [{ rules: [{ targets: 'assignee', delay: '5m', urgency: 'high' }] }, 'escalation.options.rules[0].urgency: unknown field of a rule; expected targets, delay'],
    [{ rules: [{ targets: 'assignee', delay: '5m' }], loops: -1 }, 'escalation.options.loops: -1 is not an integer ≥ 0'],
    [{ rules: [{ targets: 'assignee', delay: '5m' }], repeat: 2 }, 'escalation.options.repeat: unknown option of escalation policy "chain"; expected one of rules, loops'],
  ])('rejects %j with a one-line error', (options, message) => {
    expect(() => chain(options)).toThrow(message);
  });
});
