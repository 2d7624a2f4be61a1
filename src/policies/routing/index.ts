/** Routing policies registered by name. */
import { UserError, show } from '../../errors.js';
import { fairnessRotation } from './fairness-rotation.js';
import { leastLoaded } from './least-loaded.js';
import { leastRecentlyAssigned } from './least-recently-assigned.js';
import { mostAvailableCapacity } from './most-available-capacity.js';
import { pull } from './pull.js';
import { random } from './random.js';
import { roundRobin } from './round-robin.js';
import { severityAware } from './severity-aware.js';
import { skillsMatch } from './skills-match.js';
import type { RoutingFactory, RoutingPolicy } from './types.js';

export type { Choice, EngineerView, RoutingContext, RoutingFactory, RoutingPolicy } from './types.js';

/** Every routing policy, by the name a scenario or roster uses. */
export const ROUTING_POLICIES: Readonly<Record<string, RoutingFactory>> = {
  'round-robin': roundRobin,
  'least-loaded': leastLoaded,
  'most-available-capacity': mostAvailableCapacity,
  'least-recently-assigned': leastRecentlyAssigned,
  'skills-match': skillsMatch,
  'severity-aware': severityAware,
  'fairness-rotation': fairnessRotation,
  random,
  pull,
};

/** Builds the named policy; unknown names and bad options are UserErrors naming `path`. */
export function createRoutingPolicy(ref: { policy: string; options?: Record<string, unknown> }, path: string): RoutingPolicy {
  const factory = Object.hasOwn(ROUTING_POLICIES, ref.policy) ? ROUTING_POLICIES[ref.policy] : undefined;
  if (!factory) {
    throw new UserError(`${path}.policy: unknown routing policy "${ref.policy}"; expected one of ${Object.keys(ROUTING_POLICIES).join(', ')}`);
  }
  const options = ref.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UserError(`${path}.options: ${show(options)} is not an object`);
  }
  return factory(options, `${path}.options`);
}
