/** Routing policies registered by name. */
import { UserError } from '../../errors.js';
import { leastLoaded } from './least-loaded.js';
import type { RoutingFactory, RoutingPolicy } from './types.js';

export type { Choice, EngineerView, RoutingContext, RoutingFactory, RoutingPolicy } from './types.js';

/** Every routing policy, by the name a scenario or roster uses. */
export const ROUTING_POLICIES: Readonly<Record<string, RoutingFactory>> = {
  'least-loaded': leastLoaded,
};

/** Builds the named policy; unknown names and bad options are UserErrors naming `path`. */
export function createRoutingPolicy(ref: { policy: string; options?: Record<string, unknown> }, path: string): RoutingPolicy {
  const factory = Object.hasOwn(ROUTING_POLICIES, ref.policy) ? ROUTING_POLICIES[ref.policy] : undefined;
  if (!factory) {
    throw new UserError(`${path}.policy: unknown routing policy "${ref.policy}"; expected one of ${Object.keys(ROUTING_POLICIES).join(', ')}`);
  }
  const options = ref.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UserError(`${path}.options: ${JSON.stringify(options)} is not an object`);
  }
  return factory(options, `${path}.options`);
}
