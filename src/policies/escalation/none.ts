/**
 * none: no paging chain, no stall milestones, no notifications, no immediate team. A paged
 * incident gets one page that never times out (the responder acknowledges whenever they do).
 * Takes no options.
 */
import { onlyKeys } from './options.js';
import type { EscalationPolicyFactory, EscalationStep } from './types.js';

export const none: EscalationPolicyFactory = (options, path) => {
  onlyKeys(options, [], path, 'none');
  const only: EscalationStep = { type: 'page', level: 1, round: 0, ring: 0, target: { kind: 'assignee' }, timeout: Infinity };
  return {
    name: 'none',
    start: () => only,
    next: () => ({ type: 'final', reason: 'no escalation policy' }),
    stall: () => [],
    notifications: () => [],
    immediate: () => undefined,
  };
};
