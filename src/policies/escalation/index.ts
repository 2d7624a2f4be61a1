/** Escalation policies registered by name (protocol: ./types.ts). */
import { UserError, show } from '../../errors.js';
import { chain } from './chain.js';
import { none } from './none.js';
import { tiered } from './tiered.js';
import type { EscalationPolicy, EscalationPolicyFactory } from './types.js';

export type {
  EscalationIncident, EscalationPolicy, EscalationPolicyFactory, EscalationStep, FinalAction, Notification, PageTarget, StallTrigger,
} from './types.js';

/** Every escalation policy, by the name a scenario uses. */
export const ESCALATION_POLICIES: Readonly<Record<string, EscalationPolicyFactory>> = {
  none,
  tiered,
  chain,
};

/** Builds the named policy; unknown names and bad options are UserErrors naming `path`. */
export function createEscalationPolicy(ref: { policy: string; options?: Record<string, unknown> }, path: string): EscalationPolicy {
  const factory = Object.hasOwn(ESCALATION_POLICIES, ref.policy) ? ESCALATION_POLICIES[ref.policy] : undefined;
  if (!factory) {
    throw new UserError(`${path}.policy: unknown escalation policy "${ref.policy}"; expected one of ${Object.keys(ESCALATION_POLICIES).join(', ')}`);
  }
  const options = ref.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UserError(`${path}.options: ${show(options)} is not an object`);
  }
  return factory(options, `${path}.options`);
}
