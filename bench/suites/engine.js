/**
 * Benchmark: the assignment engine on a 1,000-engineer roster (one team; capacity 3; 3 skills,
 * each held by about half; 90% on shift, about 2,700 slots) under each routing policy, in two
 * regimes. After warming up to N open incidents, each step opens one ticket (P1–P4, a required
 * skill on a third of them) and resolves the oldest open one, whose freed capacity may serve the
 * queue; every 50 steps someone goes off shift or comes back. Decisions counted are all those
 * returned (new tickets and follow-ons). Runs the built library (dist/).
 * - busy (N = 2,500, ~93% of the slots): new tickets are assigned directly by the policy;
 * - saturated (N = 2,800): a queue of ~50 persists; new tickets queue and freed capacity pulls.
 *
 * Returns decisions per second: `engine_decisions_per_s` (least-loaded, busy, the default
 * policy), then `engine_<regime>_decisions_per_s_<policy>` for every policy.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const ENGINEERS = 1000;
const STEPS = 40_000;
const REGIMES = { busy: 2500, saturated: 2800 };

export async function run() {
  const { AssignmentEngine } = await import(resolve(root, 'dist/engine/engine.js'));
  const { ROUTING_POLICIES } = await import(resolve(root, 'dist/policies/routing/index.js'));
  const { createStream } = await import(resolve(root, 'dist/kernel/rng.js'));

  const measure = (policy, openTarget) => {
    const r = createStream(`bench-${policy}`);
    const roster = {
      teams: [{ id: 'ops', routing: { policy }, queue: 'priority' }],
      engineers: Array.from({ length: ENGINEERS }, (_, i) => ({
        id: `e${i}`, team: 'ops', capacity: 3, presence: r() < 0.9 ? 'on-shift' : 'off',
        skills: Object.fromEntries(['net', 'db', 'app'].filter(() => r() < 0.5).map((s) => [s, 1 + Math.floor(r() * 5)])),
      })),
    };
    const engine = new AssignmentEngine(roster, { random: createStream(`routing-${policy}`) });
    const open = [];
    let n = 0;
    const step = (t) => {
      const skills = r() < 1 / 3 ? [['net', 'db', 'app'][Math.floor(r() * 3)]] : undefined;
      const id = `i${n++}`;
      engine.decide({ id, priority: `P${1 + Math.floor(r() * 4)}`, team: 'ops', skills, effortHours: 1, openedAt: t }, t);
      open.push(id);
    };
    let t = 0;
    while (open.length < openTarget) step(t++);
    let head = 0;
    let decisions = 0;
    const t0 = performance.now();
    for (let k = 0; k < STEPS; k++) {
      step(t);
      decisions += 1 + engine.resolve(open[head++], t).length;
      if (k % 50 === 0) {
        const e = `e${Math.floor(r() * ENGINEERS)}`;
        decisions += engine.setPresence(e, engine.engineer(e).presence === 'off' ? 'on-shift' : 'off', t).length;
      }
      t++;
    }
    return Math.round(decisions / ((performance.now() - t0) / 1000));
  };

  measure('least-loaded', REGIMES.busy); // warm the JIT so the first policy is not penalised
  const out = {};
  for (const [regime, openTarget] of Object.entries(REGIMES)) {
    for (const policy of Object.keys(ROUTING_POLICIES)) out[`engine_${regime}_decisions_per_s_${policy}`] = measure(policy, openTarget);
  }
  return { engine_decisions_per_s: out['engine_busy_decisions_per_s_least-loaded'], ...out };
}
