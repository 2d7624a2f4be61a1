/** The package's public entry point: what `import … from 'incisim'` gives a live system. */
import { describe, expect, it } from 'vitest';
import * as incisim from '../src/index.js';

describe("import from 'incisim'", () => {
  it('exposes the engine, the policies, scenarios, the simulator and the decisions', () => {
    for (const name of ['AssignmentEngine', 'createRoutingPolicy', 'createEscalationPolicy', 'loadScenario', 'runScenario', 'compareVariants', 'staff', 'runDrill', 'erlangC', 'parseDistribution', 'Simulation']) {
      expect(typeof (incisim as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('decides with the engine alone, no simulator involved', () => {
    const engine = new incisim.AssignmentEngine(
      { teams: [{ id: 'ops', tier: 1 }], engineers: [{ id: 'ann', team: 'ops', tier: 1, capacity: 1, presence: 'on-shift' }], priorityWeights: { P1: 8 }, loadUnit: 'count' },
      { random: incisim.createStream('x') },
    );
    const [d] = [engine.decide({ id: 'INC1', priority: 'P1', team: 'ops', effortHours: 1, openedAt: 0 }, 0)].flat();
    expect(d).toMatchObject({ kind: 'assign', engineerId: 'ann', team: 'ops' });
  });
});
