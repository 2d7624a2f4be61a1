/**
 * Notification channels: a page to an engineer with a chain (theirs, else their team's — push →
 * SMS → phone) goes out on the first channel; while it is not acknowledged, the next channel is
 * tried `wait` minutes after the previous one was sent, up to the escalation step's timeout. Each
 * message is lost with its channel's probability or delivered after its drawn delay; each
 * delivery wakes the responder, who acknowledges after their usual delay (the team's day or night
 * distribution, drawn per delivery): the first acknowledgement wins. Silent responders (drills)
 * receive but never answer. Lost messages, deliveries and fall-backs are in the trace; pages,
 * losses, deliveries on a fallback channel and the time from page to first delivery are counted
 * within the measured window (KPIs `pagesLost`, `fallbackDeliveries`, `timeToReachMinutes`).
 *
 * Randomness: each engineer's messages draw loss and delay from their own `channel:<id>` stream,
 * in the order the messages are sent.
 */
import type { ChannelModel } from '../../model/types.js';
import { ackDelay, acknowledged, onAckTimeout } from './paging.js';
import type { Eng, Inc } from './state.js';

interface Message {
  inc: Inc;
  e: Eng;
  token: number;
  channels: readonly ChannelModel[];
  /** index of the channel in the chain */
  k: number;
  /** when the page went out */
  pagedAt: number;
}

/** Whether a message's page is still the live one (not acknowledged, not moved on). */
function live(m: Message): boolean {
  const { inc, e } = m;
  return !inc.resolved && m.token === inc.pageToken && inc.engineer === e && !inc.ackedHere;
}

/** Sends page `token` of `inc` to `e` along `channels`, with the chain step's timeout. */
export function pageByChannels(inc: Inc, e: Eng, token: number, channels: readonly ChannelModel[]): void {
  const rep = inc.rep;
  const now = rep.sim.now;
  const timeout = inc.chain!.timeout;
  if (now >= rep.from) rep.paging.pages++;
  let at = 0;
  for (let k = 0; k < channels.length && at < timeout; k++) {
    const m: Message = { inc, e, token, channels, k, pagedAt: now };
    if (k === 0) send(m);
    else rep.sim.post(at, onFallback, m);
    at += channels[k].wait;
  }
  if (timeout < Infinity) rep.sim.post(timeout, onAckTimeout, { inc, e, token });
}

function onFallback(m: Message): void {
  if (!live(m)) return;
  const rep = m.inc.rep;
  const prev = m.channels[m.k - 1];
  rep.trace?.({ t: rep.sim.now, type: 'fallback', incident: m.inc.id, engineer: m.e.m.id, detail: `no acknowledgement ${fmt(rep.sim.now - m.pagedAt)} after the page by ${prev.kind}: ${m.channels[m.k].kind}` });
  send(m);
}

function send(m: Message): void {
  const rep = m.inc.rep;
  const c = m.channels[m.k];
  const r = rep.streams.stream(`channel:${m.e.m.id}`);
  const opt = rep.opt;
  const lost = (c.loss > 0 && r() < c.loss) || ((opt.notificationLoss ?? 0) > 0 && rep.streams.stream('channel')() < opt.notificationLoss!);
  if (lost) {
    if (m.pagedAt >= rep.from) rep.paging.lost++;
    rep.trace?.({ t: rep.sim.now, type: 'lost', incident: m.inc.id, engineer: m.e.m.id, detail: `${c.kind} never delivered` });
    return;
  }
  rep.sim.post(c.delay.sample(r) + (opt.notificationDelay ?? 0), onDelivered, m);
}

function onDelivered(m: Message): void {
  if (!live(m)) return;
  const { inc, e } = m;
  const rep = inc.rep;
  const now = rep.sim.now;
  const counted = m.pagedAt >= rep.from;
  if (inc.reachedToken !== m.token) {
    inc.more().reachedToken = m.token;
    if (counted) {
      rep.paging.reachSum += now - m.pagedAt;
      rep.paging.reachN++;
    }
  }
  if (m.k > 0 && counted) rep.paging.fallbackDeliveries++;
  const c = m.channels[m.k];
  rep.trace?.({ t: now, type: 'delivered', incident: inc.id, engineer: e.m.id, detail: `${c.kind}${m.k > 0 ? ' (fallback)' : ''}, ${fmt(now - m.pagedAt)} after the page` });
  if (rep.opt.silent?.has(e.m.id)) return;
  const ack = ackDelay(e, now);
  if (now + ack - m.pagedAt <= inc.chain!.timeout) rep.sim.post(ack, onChannelAck, m);
}

function onChannelAck(m: Message): void {
  if (!live(m)) return;
  m.inc.ackedHere = true;
  acknowledged(m.inc, m.e);
}

/** "4 min", "30 s" */
function fmt(minutes: number): string {
  return minutes < 1 ? `${Math.round(minutes * 60)} s` : `${Math.round(minutes * 10) / 10} min`;
}
