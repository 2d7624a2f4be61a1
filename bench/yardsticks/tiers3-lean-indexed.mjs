#!/usr/bin/env node
// tiers3-lean.mjs (beside this file) with its team structures made O(1) per update, for
// `size_3000_vs_100_lean_indexed` in bench/suites/scale.js: everything is the port's, line for line,
// except its inlined engine (between "---- engine" and "---- lifecycle"), where each team's
// available engineers are two bitsets by load (incisim's RosterSet: the lowest roster index holding
// fewest incidents without a scan) instead of a sorted array scanned per decision, and the queue is
// incisim's ServiceQueue (blocks: no shift of the whole queue) instead of an array shifted on every
// insert and removal. Same rules, same random draws, same outputs (its printed KPIs equal the port's
// at every size): what the port's cost per incident does with the organisation's size once no
// structure scans the team — the growth left is the machine's and V8's (caches, promotion), not the
// algorithm's.
//   node tiers3-lean-indexed.mjs [WEEKS=53] [SEED=1] [--root REPO]
// tiers3.yaml (beside this file) written directly in JavaScript on incisim's own kernel, distributions and
// random streams (the dist/ of the repository given by --root), with the rules of tiers3.yaml as incisim runs them (a SimPy 4 port of the same rules agrees within 1%):
// what the same incident model costs without incisim's generality (string ids and Maps between the
// lifecycle and the engine, per-incident records, decision objects, per-engineer presence events).
//   node tiers3-lean.mjs [WEEKS=53] [SEED=1] [--root REPO (default: the working directory)]
// Differences of design, not of rules: the shift change of all engineers at one instant is one
// event (in roster order, hand-backs after all of them), as in the SimPy 4 port; incidents are plain
// objects with numeric fields; the engine is inlined (same least-loaded, queue order and drain).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const argv = process.argv.slice(2);
const ri = argv.indexOf('--root');
const root = ri >= 0 ? argv.splice(ri, 2)[1] : '.';
const WEEKS = Number(argv[0] ?? 53);
const SEED = String(argv[1] ?? 1);
const url = (p) => pathToFileURL(resolve(root, p)).href;
const { Simulation } = await import(url('dist/kernel/simulation.js'));
const { parseDistribution: dist } = await import(url('dist/kernel/distributions/index.js'));
const { RandomStreams } = await import(url('dist/kernel/rng.js'));
const { RosterSet } = await import(url('dist/engine/roster-set.js'));
const { ServiceQueue } = await import(url('dist/engine/queue.js'));

const H = WEEKS * 10080, W = 10080;
const streams = new RandomStreams(`lean/${SEED}`);
const rng = streams.stream('all');
const CAP = 2, SHARE = 0.8, ACK_TIMEOUT = 15, ROUNDS = 2;
const ACK = dist('lognormal(median=5m, p90=20m)');
const TRIAGE = dist('lognormal(median=2m, p90=6m)');
// impact (0 high, 1 medium, 2 low) x urgency -> priority 1..4
const MATRIX = [[1, 2, 3], [2, 3, 4], [3, 4, 4]];
const TEAMS = [['desk', 24, false], ['apps', 24, true], ['network', 24, true], ['platform', 16, true]];
const teams = [], engs = [];
for (const [id, n, paging] of TEAMS) {
  const t = { id, index: teams.length, paging, members: [], byLoad: null, availN: 0, queue: new ServiceQueue(before) };
  teams.push(t);
  for (let i = 0; i < n; i++) { const e = { idx: engs.length, team: t, load: 0, on: false, held: [], wip: 0, last: 0, busy: 0, avail: 0 }; engs.push(e); t.members.push(e); }
}
for (const t of teams) t.byLoad = [new RosterSet(engs.length), new RosterSet(engs.length)];
const T = Object.fromEntries(teams.map((t) => [t.id, t]));
const cum = (p) => [p[0], p[0] + p[1], p[0] + p[1] + p[2]];
const IU = { impact: cum([0.05, 0.3, 0.65]), urgency: cum([0.2, 0.5, 0.3]) };
const CLASSES = [
  { name: 'user-app', perWeek: 1800, business: true, ...IU, misroute: null,
    path: [[T.desk, dist('lognormal(median=10m, p90=30m)'), 0.6], [T.apps, dist('gamma(mean=1h, cv=0.8)'), 0.8], [T.platform, dist('gamma(mean=3h, cv=1)'), 1]] },
  { name: 'user-network', perWeek: 1200, business: true, ...IU, misroute: null,
    path: [[T.desk, dist('lognormal(median=10m, p90=30m)'), 0.5], [T.network, dist('gamma(mean=45m, cv=0.8)'), 0.85], [T.platform, dist('gamma(mean=3h, cv=1)'), 1]] },
  { name: 'alert', perWeek: 1000, business: false, impact: cum([0.1, 0.4, 0.5]), urgency: cum([0.3, 0.4, 0.3]),
    misroute: [0.15, T.apps, dist('lognormal(median=20m, p90=1h)')],
    path: [[T.network, dist('gamma(mean=1h, cv=1)'), 0.8], [T.platform, dist('gamma(mean=2h, cv=1)'), 1]] },
];
for (const c of CLASSES) {
  const w = new Float64Array(168);
  let s = 0;
  for (let h = 0; h < 168; h++) { w[h] = c.business ? (Math.floor(h / 24) < 5 && h % 24 >= 8 && h % 24 < 18 ? 1 : 0.25) : 1; s += w[h]; }
  for (let h = 0; h < 168; h++) w[h] = (w[h] * 168) / s;
  c.w = w;
  c.base = c.perWeek / 10080;
  c.lamMax = c.base * Math.max(...w);
}
const level = (c) => { const u = rng() * c[2]; return u < c[0] ? 0 : u < c[1] ? 1 : 2; };

const sim = new Simulation(4096);
const stats = { all: 0, measured: 0 };
let ttaSum = 0, ttaN = 0, ttrSum = 0, ttrN = 0;
const byTeam = teams.map(() => new Float64Array(6)); // arrivals, resolved, ttr sum, reassign, functional, hier
const open = new Set();

// ---- engine ---------------------------------------------------------------------------------
function isAvail(e) { return e.on && e.load < CAP; }
function addAv(e) { e.team.byLoad[e.load].add(e.idx); e.team.availN++; }
function delAv(e) { e.team.byLoad[e.load].delete(e.idx); e.team.availN--; }
function leastLoaded(team, exclude) {
  for (let l = 0; l < CAP; l++) { const s = team.byLoad[l]; let i = s.first(); if (exclude !== null && i === exclude.idx) i = s.next(i + 1); if (i >= 0) return engs[i]; }
  return null;
}
function place(inc, team, exclude) {
  const e = leastLoaded(team, exclude);
  if (e !== null) return assign(inc, team, e);
  inc.eteam = team; inc.eeng = null;
  team.queue.insert(inc);
  apply(inc, team, null);
  return null;
}
function before(a, b) { return a.prio !== b.prio ? a.prio < b.prio : a.opened !== b.opened ? a.opened < b.opened : a.seq < b.seq; }
function assign(inc, team, e) {
  delAv(e); e.load++; if (e.load < CAP) addAv(e);
  inc.eeng = e; inc.eteam = team;
  apply(inc, team, e);
  return e;
}
function drain(team, skipInc, skipEng) {
  const q = team.queue;
  let i = 0;
  while (i < q.length && team.availN > 0) {
    const inc = q.at(i);
    const e = leastLoaded(team, inc === skipInc ? skipEng : null);
    if (e === null) { i++; continue; }
    q.removeAt(i);
    assign(inc, team, e);
  }
}
function detach(inc) {
  const e = inc.eeng;
  if (e !== null) {
    if (e.on && e.load < CAP) delAv(e);
    e.load--;
    if (e.on) addAv(e);
    inc.eeng = null;
  } else {
    const q = inc.eteam.queue, k = q.indexOf(inc);
    if (k >= 0) q.removeAt(k);
  }
  return e;
}
function setOn(e, on) {
  const was = e.on && e.load < CAP;
  if (was) delAv(e);
  e.on = on;
  const now = on && e.load < CAP;
  if (now) addAv(e);
  if (now && !was) drain(e.team, null, null);
}

function removeAt(a, k) { for (let i = k; i < a.length - 1; i++) a[i] = a[i + 1]; a.pop(); }
// ---- lifecycle ------------------------------------------------------------------------------
function account(e, now) {
  const a = e.last > W ? e.last : W, b = now < H ? now : H;
  e.last = now;
  if (b <= a || !e.on) return;
  const dt = (b - a) * SHARE;
  e.avail += dt; e.busy += (dt * e.wip) / CAP;
}
/** A decision of the engine, applied at once (held, reassignment counting, page or work). */
function apply(inc, team, e) {
  if (inc.resolved) return;
  if (inc.routed && team !== inc.team) { inc.reassign++; inc.lastEng = null; }
  inc.routed = true; inc.team = team;
  if (e === null) return;
  if (inc.lastEng !== null && inc.lastEng !== e) inc.reassign++;
  inc.lastEng = e; inc.eng = e; e.held.push(inc);
  if (team.paging && !inc.chainDone) { if (inc.rnd < 0) inc.rnd = 0; page(inc, e); } else startWork(inc, e);
}
function page(inc, e) {
  const d = ACK.sample(rng);
  inc.pageEvent = d <= ACK_TIMEOUT ? sim.schedule(d, onAck, inc) : sim.schedule(ACK_TIMEOUT, onAckTimeout, inc);
}
function onAck(inc) {
  inc.pageEvent = -1;
  startWork(inc, inc.eng);
}
function onAckTimeout(inc) {
  inc.pageEvent = -1;
  const e = inc.eng;
  if (inc.rnd + 1 < ROUNDS) { inc.rnd++; page(inc, e); return; }
  inc.chainDone = true; inc.hier++;
  unhold(inc);
  // release: routed again in its team, not back to `e` in this call; then e's queue with e's room
  const old = detach(inc);
  place(inc, inc.eteam, old);
  drain(old.team, inc, old);
}
function startWork(inc, e) {
  const now = sim.now;
  if (inc.firstAck < 0) { inc.firstAck = now; if (!inc.warmup) { ttaSum += now - inc.opened; ttaN++; } }
  account(e, now);
  e.wip++; inc.working = true; inc.workStart = now;
  inc.workEvent = sim.schedule(inc.remaining / SHARE, onWorkDone, inc);
}
function stopWork(inc, e) {
  if (!inc.working) return;
  const now = sim.now;
  sim.cancel(inc.workEvent);
  account(e, now);
  e.wip--;
  inc.remaining = Math.max(0, inc.remaining - (now - inc.workStart) * SHARE);
  inc.working = false;
}
function unhold(inc) {
  const e = inc.eng;
  if (e !== null) { stopWork(inc, e); const k = e.held.indexOf(inc); if (k >= 0) removeAt(e.held, k); }
  if (inc.pageEvent >= 0) { sim.cancel(inc.pageEvent); inc.pageEvent = -1; }
  inc.eng = null;
}
function onWorkDone(inc) {
  const e = inc.eng, now = sim.now;
  stopWork(inc, e);
  inc.remaining = 0;
  const cur = inc.steps[inc.k];
  if (cur.resolves) {
    inc.resolved = true;
    const k = e.held.indexOf(inc); removeAt(e.held, k); inc.eng = null;
    const old = detach(inc);
    if (old !== null) drain(old.team, null, null);
    open.delete(inc);
    finalise(inc, now);
    return;
  }
  unhold(inc);
  inc.k++;
  const nxt = inc.steps[inc.k];
  if (!cur.misroute) inc.functional++;
  inc.remaining = nxt.work; inc.rnd = -1; inc.chainDone = false;
  const old = detach(inc);
  place(inc, nxt.team, null);
  if (old !== null) drain(old.team, inc, old);
}
function finalise(inc, now) {
  if (inc.warmup) return;
  const g = byTeam[inc.team.index];
  g[0]++;
  if (inc.resolved) { g[1]++; g[2] += now - inc.opened; ttrSum += now - inc.opened; ttrN++; }
  g[3] += inc.reassign; g[4] += inc.functional; g[5] += inc.hier;
}
function onArrival(c) {
  const now = sim.now;
  stats.all++;
  const warmup = now < W;
  if (!warmup) stats.measured++;
  const prio = MATRIX[level(c.impact)][level(c.urgency)];
  const triage = TRIAGE.sample(rng);
  const steps = [];
  for (let i = 0; i < c.path.length; i++) {
    const [team, work, p] = c.path[i];
    const res = i === c.path.length - 1 || rng() < p;
    steps.push({ team, work: work.sample(rng), resolves: res, misroute: false });
    if (res) break;
  }
  if (c.misroute !== null && rng() < c.misroute[0]) steps.unshift({ team: c.misroute[1], work: c.misroute[2].sample(rng), resolves: false, misroute: true });
  const inc = {
    seq: stats.all, prio, opened: now, warmup, steps, k: 0, remaining: steps[0].work,
    eteam: null, eeng: null, team: steps[0].team, eng: null, routed: false, lastEng: null,
    working: false, workStart: 0, workEvent: -1, rnd: -1, chainDone: false, pageEvent: -1,
    resolved: false, firstAck: -1, reassign: 0, functional: 0, hier: 0,
  };
  open.add(inc);
  sim.schedule(triage, onRoute, inc);
  const t = nextArrival(c, now);
  if (t < H) sim.scheduleAt(t, onArrival, c);
}
function onRoute(inc) { place(inc, inc.steps[0].team, null); }
function nextArrival(c, t) {
  for (;;) {
    t += -Math.log(1 - rng()) / c.lamMax;
    if (t >= H) return Infinity;
    if (rng() * c.lamMax < c.base * c.w[Math.floor(t / 60) % 168]) return t;
  }
}
function onShift(on) {
  const now = sim.now;
  const back = [];
  for (const e of engs) {
    account(e, now);
    setOn(e, on);
    if (!on) for (const inc of [...e.held]) { unhold(inc); back.push(inc, e); }
  }
  for (let i = 0; i < back.length; i += 2) {
    const inc = back[i], e = back[i + 1];
    if (!inc.resolved && inc.eeng === e) { const old = detach(inc); place(inc, inc.eteam, old); drain(old.team, inc, old); }
  }
}
const ON = true, OFF = false;
for (let d = 0; d * 1440 < H; d++) if (d % 7 < 5) {
  if (d * 1440 + 480 < H) sim.scheduleAt(d * 1440 + 480, onShift, ON, -1);
  if (d * 1440 + 1080 < H) sim.scheduleAt(d * 1440 + 1080, onShift, OFF, -1);
}
for (const c of CLASSES) { const t = nextArrival(c, 0); if (t < H) sim.scheduleAt(t, onArrival, c); }
const t0 = performance.now();
sim.run({ until: H });
const loopS = (performance.now() - t0) / 1000;
for (const e of engs) account(e, H);
for (const inc of open) finalise(inc, H);
const n = stats.measured;
const util = engs.filter((e) => e.avail > 0).map((e) => e.busy / e.avail);
const tot = [0, 1, 2, 3, 4, 5].map((i) => byTeam.reduce((s, g) => s + g[i], 0));
console.log(`system=js-lean-indexed incidents=${stats.all} measured=${n} events=${sim.eventCount} loop_s=${loopS.toFixed(3)} inc_per_s_loop=${(stats.all / loopS).toFixed(0)} `
  + `mtta=${(ttaSum / ttaN).toFixed(3)} mttr=${(ttrSum / ttrN).toFixed(3)} util=${(util.reduce((a, b) => a + b, 0) / util.length).toFixed(4)} resolved=${tot[1]} `
  + `peak_mib=${(process.resourceUsage().maxRSS / 1024).toFixed(0)}`);
console.log(`kpis reassignmentRate=${(tot[3] / n).toFixed(4)} functionalEscalationDensity=${(tot[4] / n).toFixed(4)} hierarchicalEscalationDensity=${(tot[5] / n).toFixed(4)}`);
teams.forEach((t, i) => { const g = byTeam[i]; const tu = t.members.filter((e) => e.avail > 0).map((e) => e.busy / e.avail);
  console.log(`team ${t.id} arrivals=${g[0]} resolved=${g[1]} mttr=${(g[2] / g[1]).toFixed(2)} util=${(tu.reduce((a, b) => a + b, 0) / tu.length).toFixed(4)} reassignmentRate=${(g[3] / g[0]).toFixed(4)} functional=${(g[4] / g[0]).toFixed(4)} hier=${(g[5] / g[0]).toFixed(4)}`); });
