import { describe, expect, it } from 'vitest';
import { createEscalationPolicy, type EscalationIncident, type EscalationPolicy, type EscalationStep } from '../../../src/policies/escalation/index.js';

const inc = (over: Partial<EscalationIncident> = {}): EscalationIncident => ({ id: 'INC-1', priority: 'P1', team: 'desk', tier: 1, openedAt: 100, ...over });
const tiered = (options: Record<string, unknown>) => createEscalationPolicy({ policy: 'tiered', options }, 'escalation');

/** Walks the chain as the simulator does when nobody ever acknowledges: (clock, step) pairs until the final action. */
function silentTrace(p: EscalationPolicy, t0: number): string[] {
  const out: string[] = [];
  let t = t0;
  let s = p.start(inc());
  while (s.type === 'page') {
    out.push(`${t} page L${s.level} r${s.round} ring${s.ring} ${JSON.stringify(s.target)}`);
    t += s.timeout;
    s = p.next(inc(), s as EscalationStep);
  }
  out.push(`${t} final ${s.notify ?? '-'}: ${s.reason}`);
  return out;
}

describe('tiered escalation', () => {
  const chain = tiered({
    ackTimeout: '15m',
    levels: ['assignee', { page: ['engineer:ann', 'engineer:bob'], timeout: '10m' }, 'team:platform'],
    repeat: 2,
    final: { notify: 'duty-manager' },
  });

  it('nobody acknowledges: L1 at t, L2 ring at t+15 and t+25, L3 at t+35, the whole chain again, then the final action', () => {
    expect(silentTrace(chain, 0)).toEqual([
      '0 page L1 r0 ring0 {"kind":"assignee"}',
      '15 page L2 r0 ring0 {"kind":"engineer","engineerId":"ann"}',
      '25 page L2 r0 ring1 {"kind":"engineer","engineerId":"bob"}',
      '35 page L3 r0 ring0 {"kind":"team","team":"platform"}',
      '50 page L1 r1 ring0 {"kind":"assignee"}',
      '65 page L2 r1 ring0 {"kind":"engineer","engineerId":"ann"}',
      '75 page L2 r1 ring1 {"kind":"engineer","engineerId":"bob"}',
      '85 page L3 r1 ring0 {"kind":"team","team":"platform"}',
      '100 final duty-manager: nobody acknowledged after 2 rounds of 3 levels',
    ]);
  });

  it('is pure: the same step always leads to the same next step', () => {
    const s = chain.start(inc()) as EscalationStep;
    expect(chain.next(inc(), s)).toEqual(chain.next(inc({ id: 'other', openedAt: 5 }), s));
  });

  it('defaults: one level paging the assignee for 15 min, once, then a final action without notification', () => {
    const p = tiered({});
    expect(silentTrace(p, 0)).toEqual(['0 page L1 r0 ring0 {"kind":"assignee"}', '15 final -: nobody acknowledged after 1 round of 1 level']);
    expect(p.stall(inc())).toEqual([]);
    expect(p.notifications(inc())).toEqual([]);
    expect(p.immediate(inc({ category: 'security' }))).toBeUndefined();
  });

  it('stall milestones and notifications per priority, in time order; immediate teams per category', () => {
    const p = tiered({
      stall: { P1: '1h', P2: ['1d', '4h'] },
      notify: { P1: { 'head-of-it': '2h', 'duty-manager': '30m' } },
      immediate: { security: 'soc', pii: 'soc' },
    });
    expect(p.stall(inc())).toEqual([{ after: 60, kind: 'functional' }]);
    expect(p.stall(inc({ priority: 'P2' }))).toEqual([{ after: 240, kind: 'functional' }, { after: 1440, kind: 'functional' }]);
    expect(p.stall(inc({ priority: 'P3' }))).toEqual([]);
    expect(p.notifications(inc())).toEqual([{ after: 30, notify: 'duty-manager' }, { after: 120, notify: 'head-of-it' }]);
    expect(p.notifications(inc({ priority: 'P4' }))).toEqual([]);
    expect(p.immediate(inc({ category: 'pii' }))).toBe('soc');
    expect(p.immediate(inc({ category: 'network' }))).toBeUndefined();
  });

  it.each([
    [{ ackTimeout: 'soon' }, 'escalation.options.ackTimeout: invalid duration "soon"; expected a duration'],
    [{ ackTimeout: 0 }, 'escalation.options.ackTimeout: 0 is zero; expected a positive duration'],
    [{ repeat: 0 }, 'escalation.options.repeat: 0 is not an integer ≥ 1'],
    [{ repeat: 1.5 }, 'escalation.options.repeat: 1.5 is not an integer ≥ 1'],
    [{ levels: [] }, 'escalation.options.levels: an empty list; expected at least one level'],
    [{ levels: 'assignee' }, 'escalation.options.levels: "assignee" is not a list of levels'],
    [{ levels: ['assignee', 'boss'] }, 'escalation.options.levels[1]: "boss" is not a page target; expected "assignee", "team:<id>", "engineer:<id>" or "oncall:<team>/<layer>"'],
    [{ levels: [{ page: ['team:a', 'x'] }] }, 'escalation.options.levels[0].page[1]: "x" is not a page target'],
    [{ levels: [{ page: 'assignee', timeout: '-5m' }] }, 'escalation.options.levels[0].timeout: invalid duration "-5m"'],
    [{ levels: [{ target: 'assignee' }] }, 'escalation.options.levels[0].target: unknown field of a level; expected page, timeout'],
    [{ stall: { P1: 'later' } }, 'escalation.options.stall.P1: invalid duration "later"'],
    [{ stall: { P2: ['4h', 'x'] } }, 'escalation.options.stall.P2[1]: invalid duration "x"'],
    [{ notify: { P1: '30m' } }, 'escalation.options.notify.P1: "30m" is not an object of who → duration'],
    [{ notify: { P1: { boss: 'x' } } }, 'escalation.options.notify.P1.boss: invalid duration "x"'],
    [{ immediate: { security: 3 } }, 'escalation.options.immediate.security: 3 is not a team id'],
    [{ final: { notify: '' } }, 'escalation.options.final.notify: "" is not a non-empty string'],
    [{ timeout: '15m' }, 'escalation.options.timeout: unknown option of escalation policy "tiered"; expected one of ackTimeout, levels, repeat, final, stall, notify, immediate'],
  ])('rejects %j with a one-line error', (options, message) => {
    expect(() => tiered(options)).toThrow(message);
  });
});

describe('the escalation registry', () => {
  it('none: one page that never times out, no stalls, no notifications, no immediate team; takes no options', () => {
    const p = createEscalationPolicy({ policy: 'none' }, 'escalation');
    expect(p.start(inc())).toEqual({ type: 'page', level: 1, round: 0, ring: 0, target: { kind: 'assignee' }, timeout: Infinity });
    expect(p.stall(inc())).toEqual([]);
    expect(p.notifications(inc())).toEqual([]);
    expect(p.immediate(inc({ category: 'security' }))).toBeUndefined();
    expect(() => createEscalationPolicy({ policy: 'none', options: { repeat: 2 } }, 'escalation'))
      .toThrow('escalation.options.repeat: unknown option of escalation policy "none"; expected no options');
  });

  it('an unknown name lists the known ones', () => {
    expect(() => createEscalationPolicy({ policy: 'pagerduty' }, 'escalation')).toThrow('escalation.policy: unknown escalation policy "pagerduty"; expected one of none, tiered, chain');
  });
});
