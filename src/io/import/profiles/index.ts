import type { ImportProfile } from '../profile.js';
import { genericProfile } from './generic.js';
import { eventlogProfile } from './eventlog.js';
import { jiraProfile } from './jira.js';
import { pagerdutyProfile } from './pagerduty.js';
import { servicenowProfile } from './servicenow.js';

/** Every import profile by name; `auto` tries them in this order (generic is never detected). */
export const PROFILES: Record<string, ImportProfile> = {
  servicenow: servicenowProfile,
  jira: jiraProfile,
  pagerduty: pagerdutyProfile,
  eventlog: eventlogProfile,
  generic: genericProfile,
};

export const PROFILE_NAMES = Object.keys(PROFILES);
